// Named-option parsing for synset-cli: positional words plus --name value / --flag options,
// checked against what each command accepts.
#pragma once

#include <climits>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace synset::cli {

// A command-line value that is not a number of the kind and range its option takes. The number
// readers throw it; each command's option block catches it and prints its one-line message.
struct OptionError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// The whole of `text` as a number for option --name in [lo, hi], or an OptionError naming both.
int64_t integerOption(const std::string &name, const std::string &text, int64_t lo = INT_MIN,
                      int64_t hi = INT_MAX);
double realOption(const std::string &name, const std::string &text);
uint64_t seedOption(const std::string &name, const std::string &text);

class Args
{
public:
    // valueOptions take a value; flags do not. Unknown options make ok() false with a message.
    Args(const std::vector<std::string> &argv, const std::set<std::string> &valueOptions,
         const std::set<std::string> &flags);

    bool ok() const { return m_error.empty(); }
    const std::string &error() const { return m_error; }
    const std::vector<std::string> &positional() const { return m_positional; }
    std::optional<std::string> value(const std::string &name) const;
    std::string value(const std::string &name, const std::string &fallback) const;
    bool flag(const std::string &name) const { return m_flags.count(name) > 0; }

    // Typed values: the option's whole text as a number in range, else OptionError; the fallback
    // when the option is absent.
    int integer(const std::string &name, int fallback, int lo = INT_MIN, int hi = INT_MAX) const;
    int64_t integer64(const std::string &name, int64_t fallback, int64_t lo = 0,
                      int64_t hi = INT64_MAX) const;
    double real(const std::string &name, double fallback) const;
    uint64_t seed(const std::string &name, uint64_t fallback) const;
    // A comma-separated list ("0,1,2.5"); empty items are skipped.
    std::vector<double> reals(const std::string &name, const std::string &fallback) const;
    std::vector<int> integers(const std::string &name, const std::string &fallback) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::string m_error;
};

// Thrown nowhere: commands return an exit code and print "synset-cli: reason" themselves.
int fail(const std::string &reason, int code = 1);

} // namespace synset::cli
