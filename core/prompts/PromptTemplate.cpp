#include "PromptTemplate.h"

#include "common/Embedded.h"
#include "common/Seeds.h"
#include "common/TextUtil.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

namespace synset {

struct PromptTemplate::Node
{
    enum class Kind
    {
        Text,
        Sequence,
        Alternation,
        Placeholder,
        Wildcard
    };
    Kind kind = Kind::Text;
    std::string text;           // literal text, placeholder name or list name
    std::vector<Node> children; // parts of a sequence, options of an alternation
};

namespace {

using Node = PromptTemplate::Node;
using Kind = Node::Kind;

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();

uint64_t mulSat(uint64_t a, uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > kSaturated / b ? kSaturated : a * b;
}

uint64_t addSat(uint64_t a, uint64_t b)
{
    return a > kSaturated - b ? kSaturated : a + b;
}

// SplitMix64: tiny, well mixed and identical on every platform (std distributions are not).
struct Rng
{
    uint64_t state;
    uint64_t next() { return seeds::splitMix64(state); }
    uint64_t below(uint64_t n)
    {
        if (n <= 1)
            return 0;
        const uint64_t limit = kSaturated - kSaturated % n;
        uint64_t v;
        do
            v = next();
        while (v >= limit);
        return v % n;
    }
};

bool isIdentChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

bool isKnownPlaceholder(std::string_view name)
{
    const auto &all = PromptTemplate::placeholders();
    return std::any_of(all.begin(), all.end(),
                       [&](const PlaceholderInfo &p) { return p.name == name; });
}

class Parser
{
public:
    explicit Parser(std::string_view s)
        : m_s(s)
    {}

    Result<Node> parseAll()
    {
        Node root = parseSequence(false);
        if (!m_error.empty())
            return makeError(m_error);
        if (m_pos < m_s.size())
            return makeError(
                errorAt(m_pos, m_s[m_pos] == '}'
                                   ? "'}' without a matching '{' (write }} for a literal brace)"
                                   : "unexpected '|' outside braces"));
        return root;
    }

private:
    std::string errorAt(size_t pos, const std::string &what) const
    {
        return "column " + std::to_string(pos + 1) + ": " + what;
    }

    void fail(size_t pos, const std::string &what)
    {
        if (m_error.empty())
            m_error = errorAt(pos, what);
    }

    void appendText(Node &seq, std::string_view t)
    {
        if (!seq.children.empty() && seq.children.back().kind == Kind::Text)
            seq.children.back().text.append(t);
        else
            seq.children.push_back(Node{Kind::Text, std::string(t), {}});
    }

    // Reads until end, or (inside braces) an unescaped '|' or '}'.
    Node parseSequence(bool inBraces)
    {
        Node seq{Kind::Sequence, {}, {}};
        while (m_pos < m_s.size() && m_error.empty()) {
            const char c = m_s[m_pos];
            if (c == '{') {
                if (m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '{') {
                    appendText(seq, "{");
                    m_pos += 2;
                    continue;
                }
                seq.children.push_back(parseBraces());
            } else if (c == '}') {
                if (!inBraces && m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '}') {
                    appendText(seq, "}");
                    m_pos += 2;
                    continue;
                }
                return seq;
            } else if (c == '|') {
                return seq;
            } else if (c == '_' && m_s.substr(m_pos, 2) == "__") {
                const size_t nameStart = m_pos + 2;
                size_t end = nameStart;
                while (end < m_s.size() && isIdentChar(m_s[end]) && m_s.substr(end, 2) != "__")
                    ++end;
                if (end > nameStart && m_s.substr(end, 2) == "__") {
                    seq.children.push_back(Node{
                        Kind::Wildcard, std::string(m_s.substr(nameStart, end - nameStart)), {}});
                    m_pos = end + 2;
                } else {
                    appendText(seq, "__");
                    m_pos += 2;
                }
            } else {
                appendText(seq, m_s.substr(m_pos, 1));
                ++m_pos;
            }
        }
        return seq;
    }

    Node parseBraces()
    {
        const size_t open = m_pos++;
        // {identifier} is a placeholder; anything with '|' is an alternation.
        size_t end = m_pos;
        while (end < m_s.size() && isIdentChar(m_s[end]))
            ++end;
        if (end < m_s.size() && m_s[end] == '}' && end > m_pos) {
            const std::string name(m_s.substr(m_pos, end - m_pos));
            if (!isKnownPlaceholder(name))
                fail(open, "unknown placeholder {" + name + "}; known: " + knownList());
            m_pos = end + 1;
            return Node{Kind::Placeholder, name, {}};
        }
        Node alt{Kind::Alternation, {}, {}};
        while (true) {
            alt.children.push_back(parseSequence(true));
            if (!m_error.empty())
                return alt;
            if (m_pos >= m_s.size()) {
                fail(open, "'{' is never closed");
                return alt;
            }
            if (m_s[m_pos] == '}') {
                ++m_pos;
                break;
            }
            ++m_pos; // '|'
        }
        if (alt.children.size() == 1)
            fail(open, "braces need a placeholder name or options separated by '|' (write {{ for a "
                       "literal brace)");
        return alt;
    }

    static std::string knownList()
    {
        std::vector<std::string> names;
        for (const PlaceholderInfo &p : PromptTemplate::placeholders())
            names.push_back("{" + p.name + "}");
        return text::join(names, ", ");
    }

    std::string_view m_s;
    size_t m_pos = 0;
    std::string m_error;
};

const std::vector<std::string> *listFor(const PromptContext &ctx, std::string_view name)
{
    const auto it = ctx.lists.find(name);
    if (it == ctx.lists.end() || it->second.empty())
        return nullptr;
    return &it->second;
}

// The values a placeholder may take for ctx; one fixed value for most.
std::vector<std::string> placeholderValues(const PromptContext &ctx, std::string_view name)
{
    if (name == "name")
        return {ctx.name};
    if (name == "lemma")
        return {ctx.lemmas.empty() ? ctx.name : ctx.lemmas.front()};
    if (name == "synonym")
        return ctx.lemmas.empty() ? std::vector<std::string>{ctx.name} : ctx.lemmas;
    if (name == "lemmas")
        return {ctx.lemmas.empty() ? ctx.name : text::join(ctx.lemmas, ", ")};
    if (name == "hypernym")
        return {ctx.hypernym};
    if (name == "definition")
        return {ctx.definition};
    if (name == "wnid")
        return {ctx.wnid};
    if (name == "background")
        if (const auto *l = listFor(ctx, "backgrounds"))
            return *l;
    if (name == "count")
        if (const auto *l = listFor(ctx, "counts"))
            return *l;
    return {"{" + std::string(name) + "}"};
}

std::vector<std::string> wildcardValues(const PromptContext &ctx, std::string_view name)
{
    if (const auto *l = listFor(ctx, name))
        return *l;
    return {"__" + std::string(name) + "__"};
}

uint64_t countNode(const Node &n, const PromptContext &ctx)
{
    switch (n.kind) {
    case Kind::Text:
        return 1;
    case Kind::Sequence: {
        uint64_t total = 1;
        for (const Node &c : n.children)
            total = mulSat(total, countNode(c, ctx));
        return total;
    }
    case Kind::Alternation: {
        uint64_t total = 0;
        for (const Node &c : n.children)
            total = addSat(total, countNode(c, ctx));
        return total;
    }
    case Kind::Placeholder:
        return placeholderValues(ctx, n.text).size();
    case Kind::Wildcard:
        return wildcardValues(ctx, n.text).size();
    }
    return 1;
}

void renderNode(const Node &n, const PromptContext &ctx, Rng &rng, std::string &out)
{
    switch (n.kind) {
    case Kind::Text:
        out += n.text;
        return;
    case Kind::Sequence:
        for (const Node &c : n.children)
            renderNode(c, ctx, rng, out);
        return;
    case Kind::Alternation:
        renderNode(n.children[rng.below(n.children.size())], ctx, rng, out);
        return;
    case Kind::Placeholder: {
        const std::vector<std::string> values = placeholderValues(ctx, n.text);
        out += values[rng.below(values.size())];
        return;
    }
    case Kind::Wildcard: {
        const std::vector<std::string> values = wildcardValues(ctx, n.text);
        out += values[rng.below(values.size())];
        return;
    }
    }
}

void collectLists(const Node &n, std::set<std::string> &lists)
{
    if (n.kind == Kind::Wildcard)
        lists.insert(n.text);
    if (n.kind == Kind::Placeholder && n.text == "background")
        lists.insert("backgrounds");
    if (n.kind == Kind::Placeholder && n.text == "count")
        lists.insert("counts");
    for (const Node &c : n.children)
        collectLists(c, lists);
}

std::string tidy(std::string s)
{
    // Collapse the double spaces an empty option leaves behind, and trim.
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (!(c == ' ' && !out.empty() && out.back() == ' '))
            out.push_back(c);
    return std::string(text::trim(out));
}

std::vector<std::string> wordListFromResource(std::string_view resource)
{
    return text::listItems(embeddedResource(resource), true);
}

std::string clipAlternation()
{
    std::vector<std::string> options;
    for (const std::string &t : wordListFromResource("prompts/clip_templates.txt"))
        options.push_back(text::replaceAll(t, "{}", "{name}"));
    return "{" + text::join(options, "|") + "}";
}

} // namespace

PromptTemplate::PromptTemplate() = default;
PromptTemplate::~PromptTemplate() = default;
PromptTemplate::PromptTemplate(const PromptTemplate &) = default;
PromptTemplate &PromptTemplate::operator=(const PromptTemplate &) = default;
PromptTemplate::PromptTemplate(PromptTemplate &&) noexcept = default;
PromptTemplate &PromptTemplate::operator=(PromptTemplate &&) noexcept = default;

Result<PromptTemplate> PromptTemplate::parse(std::string_view body)
{
    Result<Node> root = Parser(body).parseAll();
    if (!root)
        return makeError(root.error());
    PromptTemplate t;
    t.m_body = std::string(body);
    t.m_root = std::make_shared<const Node>(std::move(*root));
    return t;
}

std::vector<std::string> PromptTemplate::missingLists(const PromptContext &ctx) const
{
    std::set<std::string> used;
    if (m_root)
        collectLists(*m_root, used);
    std::vector<std::string> missing;
    for (const std::string &l : used)
        if (!listFor(ctx, l))
            missing.push_back(l);
    return missing;
}

uint64_t PromptTemplate::combinations(const PromptContext &ctx) const
{
    return m_root ? countNode(*m_root, ctx) : 1;
}

std::string PromptTemplate::render(const PromptContext &ctx, uint64_t seed, uint64_t index) const
{
    if (!m_root)
        return {};
    Rng mix{seed};
    Rng rng{mix.next() ^ (index * 0xD1B54A32D192ED03ull)};
    std::string out;
    renderNode(*m_root, ctx, rng, out);
    return tidy(std::move(out));
}

std::vector<std::string> PromptTemplate::renderMany(const PromptContext &ctx, uint64_t seed,
                                                    size_t count) const
{
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.push_back(render(ctx, seed, i));
    return out;
}

const std::vector<PlaceholderInfo> &PromptTemplate::placeholders()
{
    static const std::vector<PlaceholderInfo> list = {
        {"name", "the class name (CLIP's cleaned name for ImageNet, the dataset's label, or the "
                 "first lemma)"},
        {"lemma", "the first WordNet lemma of the synset"},
        {"synonym", "one of the synset's lemmas, varied"},
        {"lemmas", "all lemmas, comma-separated"},
        {"hypernym", "the first lemma of the direct hypernym"},
        {"definition", "the WordNet definition"},
        {"background", "a scene from the project's background list"},
        {"count", "a number word from the project's count list"},
        {"wnid", "the WordNet id, e.g. n01440764"},
    };
    return list;
}

const std::vector<BuiltinTemplate> &PromptTemplate::builtins()
{
    static const std::vector<BuiltinTemplate> list = {
        {"name", "{name}", "the class name alone"},
        {"name-hypernym", "{name}, {hypernym}",
         "the name with its WordNet hypernym (\"tench, cyprinid\")"},
        {"name-definition", "{name}, {definition}", "the name with its WordNet definition"},
        {"name-hypernym-background", "{name}, {hypernym} inside {background}",
         "the name and hypernym placed in a scene"},
        {"multiple", "{count} {name}, {hypernym}", "several instances of the object"},
        {"clip", clipAlternation(), "CLIP's 80 ImageNet prompt templates"},
    };
    return list;
}

const BuiltinTemplate *PromptTemplate::builtin(std::string_view name)
{
    for (const BuiltinTemplate &t : builtins())
        if (t.name == name)
            return &t;
    return nullptr;
}

const std::map<std::string, std::vector<std::string>, std::less<>> &builtinWordLists()
{
    static const std::map<std::string, std::vector<std::string>, std::less<>> lists = {
        {"backgrounds", wordListFromResource("prompts/backgrounds.txt")},
        {"counts", {"two", "three", "four", "five", "several", "many", "a group of"}},
    };
    return lists;
}

} // namespace synset
