// Builds the PromptContext of one class from WordNet and a set of word lists.
#pragma once

#include "prompts/PromptTemplate.h"

namespace synset {

class WordNet;

PromptContext makePromptContext(const WordNet &wordnet, std::string_view wnid,
                                std::string_view name,
                                std::map<std::string, std::vector<std::string>, std::less<>> lists);

} // namespace synset
