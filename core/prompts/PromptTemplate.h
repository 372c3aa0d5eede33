// Prompt templates: text with placeholders ({name}, {hypernym}, {definition}, {background},
// {count}...), alternations {a|b|c} that may nest, and wildcards __list__ drawn from named word
// lists. Expansion is deterministic: prompt i of seed s is always the same string.
#pragma once

#include "common/Result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace synset {

// What a template is expanded against: one class and the project's word lists.
struct PromptContext
{
    std::string wnid;
    std::string name;
    std::vector<std::string> lemmas;
    std::string hypernym; // first lemma of the first (instance) hypernym
    std::string definition;
    std::map<std::string, std::vector<std::string>, std::less<>>
        lists; // "backgrounds", "counts"...
};

struct PlaceholderInfo
{
    std::string name;
    std::string description;
};

struct BuiltinTemplate
{
    std::string name;
    std::string body;
    std::string description;
};

class PromptTemplate
{
public:
    PromptTemplate();
    ~PromptTemplate();
    PromptTemplate(const PromptTemplate &);
    PromptTemplate &operator=(const PromptTemplate &);
    PromptTemplate(PromptTemplate &&) noexcept;
    PromptTemplate &operator=(PromptTemplate &&) noexcept;

    // A syntax error names the column and the problem ("unknown placeholder {nmae}").
    static Result<PromptTemplate> parse(std::string_view body);

    const std::string &body() const { return m_body; }
    // Word lists the template uses that ctx lacks (an empty list counts as missing).
    std::vector<std::string> missingLists(const PromptContext &ctx) const;
    // Number of distinct combinations of choices; saturates at UINT64_MAX.
    uint64_t combinations(const PromptContext &ctx) const;
    // Prompt number index of the sequence for seed: the same (seed, index) gives the same text.
    std::string render(const PromptContext &ctx, uint64_t seed, uint64_t index) const;
    std::vector<std::string> renderMany(const PromptContext &ctx, uint64_t seed,
                                        size_t count) const;

    static const std::vector<PlaceholderInfo> &placeholders();
    static const std::vector<BuiltinTemplate> &builtins();
    static const BuiltinTemplate *builtin(std::string_view name);
    static constexpr std::string_view kDefaultTemplateName = "name-hypernym";

    struct Node;

private:
    std::string m_body;
    std::shared_ptr<const Node> m_root; // immutable, shared between copies
};

// Built-in word lists: "backgrounds" (a few dozen scenes) and "counts".
const std::map<std::string, std::vector<std::string>, std::less<>> &builtinWordLists();

} // namespace synset
