#include "ImportNames.h"

#include "common/TextUtil.h"

#include <cctype>

namespace synset::importnames {

bool isIdxImages(const std::string &name)
{
    return name.find("idx3-ubyte") != std::string::npos;
}

std::string splitFromName(const std::string &name, const std::string &fallback)
{
    const std::string lower = text::toLower(name);
    if (text::startsWith(lower, "train"))
        return "train";
    if (text::startsWith(lower, "t10k") || text::startsWith(lower, "test"))
        return "test";
    if (text::startsWith(lower, "val"))
        return "val";
    return fallback;
}

std::string portable(const std::string &name)
{
    std::string out;
    for (char c : name)
        out.push_back(
            (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
                ? c
                : '_');
    if (out.empty() || out == "." || out == "..")
        out = "_" + out;
    return out;
}

} // namespace synset::importnames
