// The classes of a dataset as WordNet noun synsets, in class-index order: the built-in lists
// (ImageNet-1K, ImageNet-100, Fashion-MNIST) or a user's file of wnids.
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

class WordNet;

struct ClassEntry
{
    std::string wnid;
    std::string name; // the name prompts use: CLIP's cleaned name, the dataset's label, or a lemma
};

struct ClassList
{
    std::string source; // "imagenet1k", "imagenet100", "fashion-mnist" or the file's path
    std::vector<ClassEntry> classes;
};

namespace classlists {

struct BuiltinInfo
{
    std::string id;
    std::string description;
};
const std::vector<BuiltinInfo> &builtins();

// spec is a built-in id or the path of a file of wnids (one a line, '#' comments, an optional
// name after the wnid). Every wnid must be a WordNet noun synset: an unknown one is an error
// naming the file and the line.
Result<ClassList> load(std::string_view spec, const WordNet &wordnet);
Result<ClassList> fromFile(const std::filesystem::path &path, const WordNet &wordnet);
Result<ClassList> fromText(std::string_view body, std::string_view origin, const WordNet &wordnet);

} // namespace classlists
} // namespace synset
