#include "Numbers.h"

#include <charconv>
#include <cmath>

namespace synset::numbers {

namespace {

template<typename... Format> std::string toChars(double v, Format... format)
{
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, format...);
    return ec == std::errc() ? std::string(buf, end) : std::string();
}

template<typename T> std::optional<T> fromChars(std::string_view s)
{
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

} // namespace

std::string format(double v, int significant)
{
    return toChars(v, std::chars_format::general, significant);
}

std::string exact(double v)
{
    return toChars(v);
}

std::string fixed(double v, int decimals)
{
    return toChars(v, std::chars_format::fixed, decimals);
}

std::optional<double> parseReal(std::string_view s)
{
    // from_chars takes no leading '+', and "inf" or "nan" are no settings.
    const std::optional<double> v = fromChars<double>(s);
    return v && std::isfinite(*v) ? v : std::nullopt;
}

std::optional<int64_t> parseInteger(std::string_view s)
{
    return fromChars<int64_t>(s);
}

std::optional<uint64_t> parseUnsigned(std::string_view s)
{
    return fromChars<uint64_t>(s);
}

} // namespace synset::numbers
