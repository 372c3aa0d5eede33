// CLIP's byte-level BPE tokenizer, as Stable Diffusion 1.x feeds its text encoder: clean-up
// (HTML entities, whitespace), lower-casing, CLIP's split pattern, the byte-to-unicode table and
// the merges from merges.txt, then BOS + tokens + EOS padded to the context length.
// Plain types only; no LibTorch.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace synset::sd {

class ClipTokenizer
{
public:
    // Reads vocab.json and merges.txt (and tokenizer_config.json, when present, for the padding
    // token) from a diffusers tokenizer/ folder.
    static Result<ClipTokenizer> load(const std::filesystem::path &folder);

    // The BPE tokens of the text, without BOS/EOS and without truncation.
    std::vector<int32_t> encode(std::string_view text) const;
    // BOS, at most length-2 tokens, EOS, padded with the padding token to `length` ids.
    std::vector<int32_t> encodePadded(std::string_view text, int length = 77) const;
    // The vocabulary entry of an id ("photo</w>"), or empty when out of range.
    std::string tokenText(int32_t id) const;

    int32_t bosId() const { return m_bos; }
    int32_t eosId() const { return m_eos; }
    int32_t padId() const { return m_pad; }
    size_t vocabularySize() const { return m_vocab.size(); }

    // CLIP's clean-up and lower-casing (Python's str.lower()); exposed for tests.
    static std::string normalize(std::string_view text);
    // CLIP's split pattern on normalized text: contractions, runs of letters (\p{L}), single
    // numbers (\p{N}), runs of anything else but spaces; exposed for tests.
    static std::vector<std::string> preTokenize(std::string_view normalized);

private:
    std::vector<int32_t> bpe(const std::string &word) const;

    std::unordered_map<std::string, int32_t> m_vocab;
    std::vector<std::string> m_idToToken;
    std::unordered_map<std::string, int32_t> m_mergeRank; // "a b" -> rank
    int32_t m_bos = 49406, m_eos = 49407, m_pad = 49407;
};

} // namespace synset::sd
