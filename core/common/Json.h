// JSON through nlohmann-json, read and written the same under every locale. Parsing returns a
// Result instead of throwing, dumping replaces invalid UTF-8 instead of throwing, and the typed
// readers fall back when a member is absent or of another type, so a malformed file is an error
// message and never an exception.
#pragma once

#include "Result.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace synset {

using Json = nlohmann::json;

// The parsed document, or "JSON parse error at line L, column C: ..." for malformed text (or
// invalid UTF-8).
Result<Json> parseJson(std::string_view text);
// For JSON this project wrote itself (runs, jobs, provenance, model and checkpoint metadata):
// parseJson, and for text that fails it, a second try with the decimal commas that earlier
// builds wrote under German or French locales ("lr":0,05) read as points. Only a comma between
// digits right after an object member's colon is taken: there it can never be JSON.
Result<Json> parseStoredJson(std::string_view text);
// Compact text (or indented by `indent` spaces); invalid UTF-8 in strings becomes U+FFFD rather
// than an exception.
std::string dumpJson(const Json &j, int indent = -1);
// The same for reports that keep their keys in the order written.
std::string dumpJson(const nlohmann::ordered_json &j, int indent = -1);

namespace json {

// The member `key` of an object, or a shared null value when absent or when j is not an object.
const Json &member(const Json &j, std::string_view key);
// j's elements when it is an array, else an empty array.
const Json::array_t &elements(const Json &j);
// j's members when it is an object, else an empty object.
const Json::object_t &members(const Json &j);

// Typed reads of j itself, with the fallback for another type.
double number(const Json &j, double fallback);
// A whole number; a float with a fractional part, or outside int64, gives the fallback.
int64_t integer(const Json &j, int64_t fallback);
// integer() clamped to int's range, so an out-of-range value fails any range check after it.
int int32(const Json &j, int fallback);
std::string stringOf(const Json &j, const std::string &fallback = {});
// A 64-bit seed: an unsigned number, a negative one as written by int64 casts, or decimal text.
uint64_t seed(const Json &j, uint64_t fallback = 0);
bool boolean(const Json &j, bool fallback);

// The same reads of a member.
inline double number(const Json &j, std::string_view key, double fallback)
{
    return number(member(j, key), fallback);
}
inline int64_t integer(const Json &j, std::string_view key, int64_t fallback)
{
    return integer(member(j, key), fallback);
}
inline int int32(const Json &j, std::string_view key, int fallback)
{
    return int32(member(j, key), fallback);
}
inline std::string string(const Json &j, std::string_view key, const std::string &fallback = {})
{
    return stringOf(member(j, key), fallback);
}
inline uint64_t seed(const Json &j, std::string_view key, uint64_t fallback = 0)
{
    return seed(member(j, key), fallback);
}
inline bool boolean(const Json &j, std::string_view key, bool fallback)
{
    return boolean(member(j, key), fallback);
}

} // namespace json
} // namespace synset
