// Small string helpers shared by the parsers in core.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synset::text {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
std::string toLower(std::string_view s);
std::string replaceAll(std::string s, std::string_view from, std::string_view to);
// Lines of a text file body with '#' comments and surrounding blanks removed; empty lines are
// kept as empty views so that callers can report line numbers.
std::vector<std::string_view> lines(std::string_view body);
std::string stripComment(std::string_view line);
// The non-empty, trimmed lines of a list file or stored list; '#' starts a comment when asked.
std::vector<std::string> listItems(std::string_view body, bool comments);
bool startsWith(std::string_view s, std::string_view prefix);
std::string join(const std::vector<std::string> &parts, std::string_view sep);
// The shortest decimal text of a number as a stream writes it (0.5, 12, 1e-05).
std::string shortNumber(double v);
// Appends one code point as UTF-8.
void appendUtf8(std::string &out, char32_t cp);

} // namespace synset::text
