#include "Json.h"

#include "TextUtil.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace synset {

namespace {

class Parser
{
public:
    explicit Parser(std::string_view s)
        : m_s(s)
    {}

    Result<Json> parseDocument()
    {
        Json v = parseValue(0);
        skipSpace();
        if (m_error.empty() && m_pos != m_s.size())
            fail("unexpected text after the value");
        if (!m_error.empty())
            return makeError(m_error);
        return v;
    }

private:
    void fail(const std::string &what)
    {
        if (m_error.empty())
            m_error = "JSON error at offset " + std::to_string(m_pos) + ": " + what;
    }
    void skipSpace()
    {
        while (m_pos < m_s.size() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t' ||
                                      m_s[m_pos] == '\n' || m_s[m_pos] == '\r'))
            ++m_pos;
    }
    bool consume(std::string_view word)
    {
        if (m_s.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    Json parseValue(int depth)
    {
        if (depth > 64) {
            fail("nested too deeply");
            return {};
        }
        skipSpace();
        if (m_pos >= m_s.size()) {
            fail("unexpected end");
            return {};
        }
        const char c = m_s[m_pos];
        if (c == '{')
            return parseObject(depth);
        if (c == '[')
            return parseArray(depth);
        if (c == '"')
            return Json(parseString());
        if (consume("true"))
            return Json(true);
        if (consume("false"))
            return Json(false);
        if (consume("null"))
            return Json();
        return parseNumber();
    }

    Json parseNumber()
    {
        const size_t start = m_pos;
        while (m_pos < m_s.size() &&
               (std::isdigit(static_cast<unsigned char>(m_s[m_pos])) || m_s[m_pos] == '-' ||
                m_s[m_pos] == '+' || m_s[m_pos] == '.' || m_s[m_pos] == 'e' || m_s[m_pos] == 'E'))
            ++m_pos;
        if (start == m_pos) {
            fail("unexpected character");
            return {};
        }
        const std::string text(m_s.substr(start, m_pos - start));
        char *end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end != text.c_str() + text.size())
            fail("bad number '" + text + "'");
        return Json(v);
    }

    uint32_t parseHex4()
    {
        if (m_pos + 4 > m_s.size()) {
            fail("short \\u escape");
            return 0;
        }
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_s[m_pos++];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= uint32_t(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= uint32_t(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= uint32_t(h - 'A' + 10);
            else
                fail("bad \\u escape");
        }
        return v;
    }

    std::string parseString()
    {
        std::string out;
        ++m_pos; // opening quote
        while (m_pos < m_s.size()) {
            const char c = m_s[m_pos++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out.push_back(c);
                continue;
            }
            if (m_pos >= m_s.size())
                break;
            const char e = m_s[m_pos++];
            switch (e) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '/':
                out.push_back('/');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                uint32_t cp = parseHex4();
                if (cp >= 0xD800 && cp < 0xDC00 && m_s.substr(m_pos, 2) == "\\u") {
                    m_pos += 2;
                    const uint32_t lo = parseHex4();
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                text::appendUtf8(out, cp);
                break;
            }
            default:
                fail("bad escape");
                return out;
            }
        }
        fail("unterminated string");
        return out;
    }

    Json parseArray(int depth)
    {
        ++m_pos;
        Json::Array arr;
        skipSpace();
        if (consume("]"))
            return Json(std::move(arr));
        while (m_error.empty()) {
            arr.push_back(parseValue(depth + 1));
            skipSpace();
            if (consume("]"))
                break;
            if (!consume(",")) {
                fail("expected ',' or ']'");
                break;
            }
        }
        return Json(std::move(arr));
    }

    Json parseObject(int depth)
    {
        ++m_pos;
        Json::Object obj;
        skipSpace();
        if (consume("}"))
            return Json(std::move(obj));
        while (m_error.empty()) {
            skipSpace();
            if (m_pos >= m_s.size() || m_s[m_pos] != '"') {
                fail("expected a key");
                break;
            }
            std::string key = parseString();
            skipSpace();
            if (!consume(":")) {
                fail("expected ':'");
                break;
            }
            obj[std::move(key)] = parseValue(depth + 1);
            skipSpace();
            if (consume("}"))
                break;
            if (!consume(",")) {
                fail("expected ',' or '}'");
                break;
            }
        }
        return Json(std::move(obj));
    }

    std::string_view m_s;
    size_t m_pos = 0;
    std::string m_error;
};

void dumpString(const std::string &s, std::string &out)
{
    out.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

void dumpValue(const Json &v, std::string &out)
{
    if (v.isNull()) {
        out += "null";
    } else if (v.isBool()) {
        out += v.asBool() ? "true" : "false";
    } else if (v.isNumber()) {
        const double d = v.asDouble();
        char buf[32];
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.007e15)
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(d));
        else if (std::isfinite(d))
            std::snprintf(buf, sizeof buf, "%.17g", d);
        else
            std::snprintf(buf, sizeof buf, "null");
        out += buf;
    } else if (v.isString()) {
        dumpString(v.asString(), out);
    } else if (v.isArray()) {
        out.push_back('[');
        bool first = true;
        for (const Json &e : v.array()) {
            if (!first)
                out.push_back(',');
            first = false;
            dumpValue(e, out);
        }
        out.push_back(']');
    } else {
        out.push_back('{');
        bool first = true;
        for (const auto &[k, e] : v.object()) {
            if (!first)
                out.push_back(',');
            first = false;
            dumpString(k, out);
            out.push_back(':');
            dumpValue(e, out);
        }
        out.push_back('}');
    }
}

const Json &nullJson()
{
    static const Json null;
    return null;
}

const Json::Array &emptyArray()
{
    static const Json::Array a;
    return a;
}

const Json::Object &emptyObject()
{
    static const Json::Object o;
    return o;
}

} // namespace

Result<Json> Json::parse(std::string_view text)
{
    return Parser(text).parseDocument();
}

std::string Json::dump() const
{
    std::string out;
    dumpValue(*this, out);
    return out;
}

const Json::Array &Json::array() const
{
    return isArray() ? *std::get<4>(m_value) : emptyArray();
}

const Json::Object &Json::object() const
{
    return isObject() ? *std::get<5>(m_value) : emptyObject();
}

Json::Array &Json::array()
{
    if (!isArray())
        m_value = std::make_shared<Array>();
    return *std::get<4>(m_value);
}

Json::Object &Json::object()
{
    if (!isObject())
        m_value = std::make_shared<Object>();
    return *std::get<5>(m_value);
}

const Json &Json::operator[](std::string_view key) const
{
    if (!isObject())
        return nullJson();
    const auto &o = *std::get<5>(m_value);
    const auto it = o.find(key);
    return it == o.end() ? nullJson() : it->second;
}

Json &Json::operator[](const std::string &key)
{
    return object()[key];
}

bool Json::contains(std::string_view key) const
{
    return isObject() && std::get<5>(m_value)->count(key) > 0;
}

} // namespace synset
