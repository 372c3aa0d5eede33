// What an import reads from file and folder names: the split an IDX file belongs to, and a name
// made safe to use as a folder inside the project.
#pragma once

#include <string>

namespace synset::importnames {

// "train-images-idx3-ubyte(.gz)" and the like.
bool isIdxImages(const std::string &name);
// train*, t10k* or test*, val* (any case), else the fallback.
std::string splitFromName(const std::string &name, const std::string &fallback);
// Letters, digits, '.', '-' and '_' kept, anything else '_'; never empty, "." or "..".
std::string portable(const std::string &name);

} // namespace synset::importnames
