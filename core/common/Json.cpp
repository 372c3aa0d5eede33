#include "Json.h"

#include "Numbers.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <regex>

namespace synset {

Result<Json> parseJson(std::string_view text)
{
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::exception &e) {
        // nlohmann's messages start "[json.exception.parse_error.101] parse error at line 1,
        // column 7: ..."; the part after the bracket is what a person needs.
        std::string what = e.what();
        if (const size_t close = what.find("] "); close != std::string::npos)
            what = what.substr(close + 2);
        return makeError("JSON " + what);
    }
}

Result<Json> parseStoredJson(std::string_view text)
{
    Result<Json> parsed = parseJson(text);
    if (parsed)
        return parsed;
    static const std::regex kDecimalComma(
        R"((:\s*-?[0-9]+),([0-9]+(?:[eE][-+]?[0-9]+)?)(?=\s*[,}\]]))");
    const std::string repaired = std::regex_replace(std::string(text), kDecimalComma, "$1.$2");
    if (Result<Json> again = parseJson(repaired))
        return again;
    return parsed;
}

std::string dumpJson(const Json &j, int indent)
{
    return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string dumpJson(const nlohmann::ordered_json &j, int indent)
{
    return j.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace json {

namespace {
const Json kNull;
const Json::array_t kNoElements;
const Json::object_t kNoMembers;
} // namespace

const Json &member(const Json &j, std::string_view key)
{
    if (!j.is_object())
        return kNull;
    const auto it = j.find(key);
    return it == j.end() ? kNull : *it;
}

const Json::array_t &elements(const Json &j)
{
    return j.is_array() ? j.get_ref<const Json::array_t &>() : kNoElements;
}

const Json::object_t &members(const Json &j)
{
    return j.is_object() ? j.get_ref<const Json::object_t &>() : kNoMembers;
}

double number(const Json &j, double fallback)
{
    return j.is_number() ? j.get<double>() : fallback;
}

int64_t integer(const Json &j, int64_t fallback)
{
    if (j.is_number_integer() && !j.is_number_unsigned())
        return j.get<int64_t>();
    if (j.is_number_unsigned()) {
        const uint64_t u = j.get<uint64_t>();
        return u <= uint64_t(INT64_MAX) ? int64_t(u) : fallback;
    }
    if (j.is_number_float()) {
        const double d = j.get<double>();
        // 9.2e18 is the largest double below 2^63 in this range check's sense.
        if (std::isfinite(d) && d == std::floor(d) && d >= -9.2e18 && d <= 9.2e18)
            return int64_t(d);
    }
    return fallback;
}

int int32(const Json &j, int fallback)
{
    if (j.is_number_unsigned())
        return int(std::min<uint64_t>(j.get<uint64_t>(), INT_MAX));
    if (j.is_number_integer())
        return int(std::clamp<int64_t>(j.get<int64_t>(), INT_MIN, INT_MAX));
    if (j.is_number_float()) {
        const double d = j.get<double>();
        if (std::isfinite(d) && d == std::floor(d))
            return int(std::clamp<double>(d, INT_MIN, INT_MAX));
    }
    return fallback;
}

uint64_t seed(const Json &j, uint64_t fallback)
{
    if (j.is_number_unsigned())
        return j.get<uint64_t>();
    if (j.is_number_integer())
        return uint64_t(j.get<int64_t>());
    if (j.is_string())
        return numbers::parseUnsigned(j.get_ref<const std::string &>()).value_or(fallback);
    return fallback;
}

std::string stringOf(const Json &j, const std::string &fallback)
{
    return j.is_string() ? j.get<std::string>() : fallback;
}

bool boolean(const Json &j, bool fallback)
{
    return j.is_boolean() ? j.get<bool>() : fallback;
}

} // namespace json
} // namespace synset
