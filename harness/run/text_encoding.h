#pragma once

#include <string>
#include <string_view>

namespace heapbound {

// Returns `text` as valid UTF-8: every byte that does not start a complete,
// shortest-form UTF-8 sequence of a scalar value becomes U+FFFD. Stderr
// tails, tool outputs and file names can hold any bytes.
std::string ValidUtf8(std::string_view text);

// Returns `text` as valid UTF-8 escaped for XML 1.0 character data and
// attribute values: & < > " are escaped, characters XML 1.0 cannot carry
// (controls other than tab, newline and carriage return, U+FFFE, U+FFFF)
// are dropped.
std::string XmlEscape(std::string_view text);

// Returns `text` up to its first newline: a message's headline where an
// output has room for one line (JUnit's message attribute, annotations).
std::string FirstLine(std::string_view text);

}  // namespace heapbound
