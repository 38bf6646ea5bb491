#include "text_encoding.h"

#include <gtest/gtest.h>

namespace heapbound {
namespace {

TEST(ValidUtf8, KeepsValidTextByteForByte) {
  std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \x01\n";
  EXPECT_EQ(ValidUtf8(text), text);
}

TEST(ValidUtf8, ReplacesEachBadByteWithUFFFD) {
  EXPECT_EQ(ValidUtf8("caf\351"), "caf\xEF\xBF\xBD");
  // A truncated sequence, an overlong '/', a surrogate, beyond U+10FFFF.
  EXPECT_EQ(ValidUtf8("\xE2\x82"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80x"),
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDx");
}

TEST(XmlEscape, EscapesMarkupAndDropsWhatXml10CannotCarry) {
  EXPECT_EQ(XmlEscape("a<b>&\"c\""), "a&lt;b&gt;&amp;&quot;c&quot;");
  EXPECT_EQ(XmlEscape("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(XmlEscape("\x01\x1b[0m\x7f"), "[0m\x7f");
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBE\xEF\xBF\xBF"), "");
  EXPECT_EQ(XmlEscape("caf\351"), "caf\xEF\xBF\xBD");
}

}  // namespace
}  // namespace heapbound
