#include "bounds_rewrite.h"

#include <gtest/gtest.h>

namespace heapbound {
namespace {

constexpr char kText[] = R"([defaults]
tools = ["massif"]
fixtures = ["small"]

# The fix: one 4096-byte buffer.
[case.chunk]
max_peak = "8 KiB"   # keep this comment

[case.line_stream]
max_peak = "2 * max_line + 16 KiB"

[case.whole_file_exact]
max_peak = 4096
)";

BoundsFile Parse() {
  BoundsVocabulary vocabulary;
  vocabulary.cases = {"baseline", "chunk", "line_stream", "whole_file_exact"};
  vocabulary.tools = {"massif"};
  vocabulary.is_profile = [](const std::string&) { return true; };
  return ParseBoundsFile(kText, "bounds.toml", vocabulary);
}

TEST(RewriteMaxPeaks, KeepsCommentsAndExpressionForms) {
  BoundsFile file = Parse();
  std::map<std::string, BoundExpression> updates;
  updates["chunk"] = file.Find("chunk")->max_peak.WithConstant(4608);
  updates["line_stream"] =
      file.Find("line_stream")->max_peak.WithConstant(12 * 1024);
  updates["whole_file_exact"] = BoundExpression::Literal(5000);
  BoundsRewrite rewrite = RewriteMaxPeaks(kText, file, updates);
  std::string expected = kText;
  expected.replace(expected.find("\"8 KiB\""), 7, "\"4.5 KiB\"");
  expected.replace(expected.find("16 KiB"), 6, "12 KiB");
  expected.replace(expected.find("= 4096"), 6, "= 5000");
  EXPECT_EQ(rewrite.text, expected);
  EXPECT_EQ(rewrite.diff,
            "@@ bounds.toml:7 [case.chunk]\n"
            "-max_peak = \"8 KiB\"   # keep this comment\n"
            "+max_peak = \"4.5 KiB\"   # keep this comment\n"
            "@@ bounds.toml:10 [case.line_stream]\n"
            "-max_peak = \"2 * max_line + 16 KiB\"\n"
            "+max_peak = \"2 * max_line + 12 KiB\"\n"
            "@@ bounds.toml:13 [case.whole_file_exact]\n"
            "-max_peak = 4096\n"
            "+max_peak = 5000\n");
}

TEST(RewriteMaxPeaks, LeavesUnchangedBoundsAlone) {
  BoundsFile file = Parse();
  std::map<std::string, BoundExpression> updates;
  updates["chunk"] = BoundExpression::Literal(8192);
  BoundsRewrite rewrite = RewriteMaxPeaks(kText, file, updates);
  EXPECT_EQ(rewrite.text, kText);
  EXPECT_EQ(rewrite.diff, "");
}

}  // namespace
}  // namespace heapbound
