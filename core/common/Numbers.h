// Numbers as text, the same under every locale: QApplication sets the user's LC_NUMERIC, under
// which printf and strtod write and read "0,5". Everything that formats or parses a number for a
// file, a database row, a file name or a command line goes through these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace synset::numbers {

// printf's %g with `significant` digits: 0.5, 12, 1e-05.
std::string format(double v, int significant = 6);
// The shortest text that reads back as the same double.
std::string exact(double v);
// Fixed notation with `decimals` digits after the point (printf's %.Nf).
std::string fixed(double v, int decimals);

// The whole of s as a finite number; nothing else (no spaces, no trailing text, no comma).
std::optional<double> parseReal(std::string_view s);
// The whole of s as a whole number in the type's range.
std::optional<int64_t> parseInteger(std::string_view s);
std::optional<uint64_t> parseUnsigned(std::string_view s);

} // namespace synset::numbers
