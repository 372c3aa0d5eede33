// Named-option parsing for synset-cli: positional words plus --name value / --flag options,
// checked against what each command accepts.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace synset::cli {

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

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::string m_error;
};

// Thrown nowhere: commands return an exit code and print "synset-cli: reason" themselves.
int fail(const std::string &reason, int code = 1);

} // namespace synset::cli
