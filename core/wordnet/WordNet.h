// Read-only WordNet 3.0 noun database. data.noun is held in memory and a synset is found by its
// offset (the byte position of its line), so lookups cost one parse of one line; index.noun gives
// lemma -> synsets. Immutable after open(): safe to share between threads.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

struct Synset
{
    std::string wnid;                // "n" + 8-digit offset
    std::string lexName;             // e.g. "noun.animal"
    std::vector<std::string> lemmas; // underscores as spaces, case as in WordNet
    std::string definition;          // the gloss without its quoted examples
    std::vector<std::string> examples;
    std::vector<std::string> hypernyms;         // wnids, '@'
    std::vector<std::string> instanceHypernyms; // '@i'
    std::vector<std::string> hyponyms;          // '~'
    std::vector<std::string> instanceHyponyms;  // '~i'
};

class WordNet
{
public:
    // $SYNSET_WORDNET_DIR when set, else /usr/share/wordnet.
    static std::filesystem::path defaultDirectory();
    static Result<std::shared_ptr<const WordNet>> open(const std::filesystem::path &dir);
    // The database at defaultDirectory(), opened once per process.
    static Result<std::shared_ptr<const WordNet>> shared();

    static bool isWellFormedWnid(std::string_view wnid);

    const std::filesystem::path &directory() const { return m_dir; }
    size_t synsetCount() const { return m_synsetCount; }

    bool contains(std::string_view wnid) const;
    Result<Synset> synset(std::string_view wnid) const;
    // First lemma, or the wnid itself when unknown.
    std::string firstLemma(std::string_view wnid) const;
    // Every path from the root ("entity", n00001740) down to wnid, both ends included, following
    // hypernyms and instance hypernyms in WordNet's pointer order.
    std::vector<std::vector<std::string>> hypernymPaths(std::string_view wnid) const;
    // The first of hypernymPaths().
    std::vector<std::string> hypernymPath(std::string_view wnid) const;
    // Noun synsets of a lemma ("crane", "T-shirt", "tee shirt"), most frequent sense first.
    std::vector<std::string> synsetsForLemma(std::string_view lemma) const;
    // Synsets whose lemma contains query (case-insensitive); exact lemma matches first.
    std::vector<std::string> search(std::string_view query, size_t limit) const;

private:
    WordNet() = default;
    struct LemmaEntry
    {
        std::string lemma; // lower case, underscores
        std::vector<uint32_t> offsets;
    };
    std::string_view lineAt(uint32_t offset) const;
    static std::string wnidFor(uint32_t offset);
    static bool parseOffset(std::string_view wnid, uint32_t &offset);

    std::filesystem::path m_dir;
    std::string m_data;              // data.noun
    std::vector<LemmaEntry> m_index; // index.noun, sorted by lemma as in the file
    size_t m_synsetCount = 0;
};

} // namespace synset
