// Data compiled into the binary from resources/ (class lists, CLIP names, built-in word lists).
#pragma once

#include <string_view>

namespace synset {

// Empty when no resource of that name (its path below resources/) is embedded.
std::string_view embeddedResource(std::string_view name);

} // namespace synset
