// A small JSON value with a parser and a writer, enough for safetensors headers and model
// configs, so that the tensor code needs nothing beyond LibTorch and the standard library.
#pragma once

#include "Result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace synset {

class Json
{
public:
    using Array = std::vector<Json>;
    using Object = std::map<std::string, Json, std::less<>>;

    Json() = default; // null
    Json(std::nullptr_t) {}
    Json(bool b)
        : m_value(b)
    {}
    Json(int v)
        : m_value(static_cast<double>(v))
    {}
    Json(int64_t v)
        : m_value(static_cast<double>(v))
    {}
    Json(uint64_t v)
        : m_value(static_cast<double>(v))
    {}
    Json(double v)
        : m_value(v)
    {}
    Json(const char *s)
        : m_value(std::string(s))
    {}
    Json(std::string s)
        : m_value(std::move(s))
    {}
    Json(std::string_view s)
        : m_value(std::string(s))
    {}
    Json(Array a)
        : m_value(std::make_shared<Array>(std::move(a)))
    {}
    Json(Object o)
        : m_value(std::make_shared<Object>(std::move(o)))
    {}

    static Result<Json> parse(std::string_view text);
    std::string dump() const;

    bool isNull() const { return m_value.index() == 0; }
    bool isBool() const { return m_value.index() == 1; }
    bool isNumber() const { return m_value.index() == 2; }
    bool isString() const { return m_value.index() == 3; }
    bool isArray() const { return m_value.index() == 4; }
    bool isObject() const { return m_value.index() == 5; }

    bool asBool(bool fallback = false) const { return isBool() ? std::get<1>(m_value) : fallback; }
    double asDouble(double fallback = 0) const
    {
        return isNumber() ? std::get<2>(m_value) : fallback;
    }
    int64_t asInt(int64_t fallback = 0) const
    {
        return isNumber() ? static_cast<int64_t>(std::get<2>(m_value)) : fallback;
    }
    std::string asString(const std::string &fallback = {}) const
    {
        return isString() ? std::get<3>(m_value) : fallback;
    }
    const Array &array() const;
    const Object &object() const;
    Array &array();
    Object &object();

    // Object member, or a null value when absent (or when this is not an object).
    const Json &operator[](std::string_view key) const;
    Json &operator[](const std::string &key); // makes this an object when null
    bool contains(std::string_view key) const;

private:
    std::variant<std::monostate, bool, double, std::string, std::shared_ptr<Array>,
                 std::shared_ptr<Object>>
        m_value;
};

} // namespace synset
