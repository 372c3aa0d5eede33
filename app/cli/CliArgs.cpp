#include "CliArgs.h"

#include "common/Numbers.h"
#include "common/TextUtil.h"

#include <iostream>

namespace synset::cli {

Args::Args(const std::vector<std::string> &argv, const std::set<std::string> &valueOptions,
           const std::set<std::string> &flags)
{
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            m_positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inlineValue;
        if (const size_t eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (valueOptions.count(name)) {
            if (inlineValue) {
                m_values[name] = *inlineValue;
            } else if (i + 1 < argv.size()) {
                m_values[name] = argv[++i];
            } else {
                m_error = "option --" + name + " needs a value";
                return;
            }
        } else if (flags.count(name) && !inlineValue) {
            m_flags.insert(name);
        } else {
            m_error = "unknown option --" + name;
            return;
        }
    }
}

std::optional<std::string> Args::value(const std::string &name) const
{
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::nullopt : std::optional<std::string>(it->second);
}

std::string Args::value(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

int64_t integerOption(const std::string &name, const std::string &text, int64_t lo, int64_t hi)
{
    const std::optional<int64_t> v = numbers::parseInteger(text);
    if (!v || *v < lo || *v > hi)
        throw OptionError("option --" + name + ": '" + text + "' is not a whole number from " +
                          std::to_string(lo) + " to " + std::to_string(hi));
    return *v;
}

double realOption(const std::string &name, const std::string &text)
{
    const std::optional<double> v = numbers::parseReal(text);
    if (!v)
        throw OptionError("option --" + name + ": '" + text +
                          "' is not a number (write decimals with a point: 0.5)");
    return *v;
}

uint64_t seedOption(const std::string &name, const std::string &text)
{
    const std::optional<uint64_t> v = numbers::parseUnsigned(text);
    if (!v)
        throw OptionError("option --" + name + ": '" + text +
                          "' is not a whole number from 0 to 18446744073709551615");
    return *v;
}

int Args::integer(const std::string &name, int fallback, int lo, int hi) const
{
    return int(integer64(name, fallback, lo, hi));
}

int64_t Args::integer64(const std::string &name, int64_t fallback, int64_t lo, int64_t hi) const
{
    const std::optional<std::string> v = value(name);
    return v ? integerOption(name, *v, lo, hi) : fallback;
}

double Args::real(const std::string &name, double fallback) const
{
    const std::optional<std::string> v = value(name);
    return v ? realOption(name, *v) : fallback;
}

uint64_t Args::seed(const std::string &name, uint64_t fallback) const
{
    const std::optional<std::string> v = value(name);
    return v ? seedOption(name, *v) : fallback;
}

std::vector<double> Args::reals(const std::string &name, const std::string &fallback) const
{
    std::vector<double> out;
    const std::string list = value(name, fallback);
    for (std::string_view item : text::split(list, ','))
        if (!text::trim(item).empty())
            out.push_back(realOption(name, std::string(text::trim(item))));
    return out;
}

std::vector<int> Args::integers(const std::string &name, const std::string &fallback) const
{
    std::vector<int> out;
    const std::string list = value(name, fallback);
    for (std::string_view item : text::split(list, ','))
        if (!text::trim(item).empty())
            out.push_back(int(integerOption(name, std::string(text::trim(item)))));
    return out;
}

int fail(const std::string &reason, int code)
{
    std::cerr << "synset-cli: " << reason << '\n';
    return code;
}

} // namespace synset::cli
