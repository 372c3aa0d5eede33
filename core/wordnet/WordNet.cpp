#include "WordNet.h"

#include "common/FileUtil.h"
#include "common/TextUtil.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <mutex>

namespace fs = std::filesystem;

namespace synset {

namespace {

// WordNet 3.0 lexicographer files, by number (lexnames(5WN)).
constexpr std::string_view kLexNames[] = {
    "adj.all",          "adj.pert",           "adv.all",
    "noun.Tops",        "noun.act",           "noun.animal",
    "noun.artifact",    "noun.attribute",     "noun.body",
    "noun.cognition",   "noun.communication", "noun.event",
    "noun.feeling",     "noun.food",          "noun.group",
    "noun.location",    "noun.motive",        "noun.object",
    "noun.person",      "noun.phenomenon",    "noun.plant",
    "noun.possession",  "noun.process",       "noun.quantity",
    "noun.relation",    "noun.shape",         "noun.state",
    "noun.substance",   "noun.time",          "verb.body",
    "verb.change",      "verb.cognition",     "verb.communication",
    "verb.competition", "verb.consumption",   "verb.contact",
    "verb.creation",    "verb.emotion",       "verb.motion",
    "verb.perception",  "verb.possession",    "verb.social",
    "verb.stative",     "verb.weather",       "adj.ppl"};

std::vector<std::string_view> fields(std::string_view s)
{
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ')
            ++i;
        const size_t start = i;
        while (i < s.size() && s[i] != ' ')
            ++i;
        if (i > start)
            out.push_back(s.substr(start, i - start));
    }
    return out;
}

template<typename T> bool parseNumber(std::string_view s, T &out, int base = 10)
{
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc() && ptr == s.data() + s.size();
}

std::string lemmaToDisplay(std::string_view word)
{
    return text::replaceAll(std::string(word), "_", " ");
}

std::string lemmaToKey(std::string_view lemma)
{
    return text::replaceAll(text::toLower(text::trim(lemma)), " ", "_");
}

// Splits a gloss the way NLTK's WordNet reader does: quoted parts are examples, the rest with
// the quotes removed and "; " trimmed from both ends is the definition.
void splitGloss(std::string_view gloss, std::string &definition, std::vector<std::string> &examples)
{
    std::string def;
    size_t i = 0;
    while (i < gloss.size()) {
        if (gloss[i] == '"') {
            const size_t close = gloss.find('"', i + 1);
            if (close == std::string_view::npos) {
                def.append(gloss.substr(i));
                break;
            }
            examples.emplace_back(gloss.substr(i + 1, close - i - 1));
            i = close + 1;
        } else {
            def.push_back(gloss[i++]);
        }
    }
    std::string_view d = text::trim(def);
    while (!d.empty() && (d.front() == ';' || d.front() == ' '))
        d.remove_prefix(1);
    while (!d.empty() && (d.back() == ';' || d.back() == ' '))
        d.remove_suffix(1);
    definition = std::string(d);
}

} // namespace

fs::path WordNet::defaultDirectory()
{
    if (const char *env = std::getenv("SYNSET_WORDNET_DIR"); env && *env)
        return fs::path(env);
    return fs::path("/usr/share/wordnet");
}

Result<std::shared_ptr<const WordNet>> WordNet::shared()
{
    static std::mutex mutex;
    static std::shared_ptr<const WordNet> instance;
    std::lock_guard lock(mutex);
    if (instance)
        return instance;
    Result<std::shared_ptr<const WordNet>> opened = open(defaultDirectory());
    if (opened)
        instance = *opened;
    return opened;
}

Result<std::shared_ptr<const WordNet>> WordNet::open(const fs::path &dir)
{
    std::shared_ptr<WordNet> wn(new WordNet);
    wn->m_dir = dir;
    const fs::path dataPath = dir / "data.noun";
    const fs::path indexPath = dir / "index.noun";
    Result<std::string> data = files::readText(dataPath);
    if (!data)
        return makeError(data.error() +
                         " — is WordNet 3.0 installed (Debian package wordnet-base)?");
    wn->m_data = std::move(*data);

    Result<std::string> index = files::readText(indexPath);
    if (!index)
        return makeError(index.error() +
                         " — is WordNet 3.0 installed (Debian package wordnet-base)?");
    size_t lineNo = 0;
    for (std::string_view line : text::lines(*index)) {
        ++lineNo;
        if (line.empty() || line.front() == ' ')
            continue; // license header lines start with two spaces
        const std::vector<std::string_view> f = fields(line);
        // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
        size_t synsetCount = 0, pointerCount = 0;
        if (f.size() < 4 || !parseNumber(f[2], synsetCount) || !parseNumber(f[3], pointerCount) ||
            f.size() != 4 + pointerCount + 2 + synsetCount)
            return makeError(indexPath.string() + ":" + std::to_string(lineNo) +
                             ": malformed index line");
        LemmaEntry entry{std::string(f[0]), {}};
        for (size_t k = f.size() - synsetCount; k < f.size(); ++k) {
            uint32_t offset = 0;
            if (!parseNumber(f[k], offset))
                return makeError(indexPath.string() + ":" + std::to_string(lineNo) +
                                 ": bad synset offset '" + std::string(f[k]) + "'");
            entry.offsets.push_back(offset);
        }
        wn->m_index.push_back(std::move(entry));
    }
    if (wn->m_index.empty())
        return makeError(indexPath.string() + ": no lemmas found");

    for (std::string_view line : text::lines(wn->m_data))
        if (!line.empty() && line.front() != ' ')
            ++wn->m_synsetCount;
    return std::shared_ptr<const WordNet>(std::move(wn));
}

bool WordNet::isWellFormedWnid(std::string_view wnid)
{
    if (wnid.size() != 9 || wnid[0] != 'n')
        return false;
    return std::all_of(wnid.begin() + 1, wnid.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool WordNet::parseOffset(std::string_view wnid, uint32_t &offset)
{
    return isWellFormedWnid(wnid) && parseNumber(wnid.substr(1), offset);
}

std::string WordNet::wnidFor(uint32_t offset)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "n%08u", offset);
    return buf;
}

std::string_view WordNet::lineAt(uint32_t offset) const
{
    // A valid offset points at the start of a line that begins with the same 8 digits.
    if (offset + 8 > m_data.size() || (offset > 0 && m_data[offset - 1] != '\n'))
        return {};
    std::string_view rest(m_data.data() + offset, m_data.size() - offset);
    char expected[16];
    std::snprintf(expected, sizeof expected, "%08u ", offset);
    if (!text::startsWith(rest, expected))
        return {};
    const size_t end = rest.find('\n');
    return rest.substr(0, end);
}

bool WordNet::contains(std::string_view wnid) const
{
    uint32_t offset = 0;
    return parseOffset(wnid, offset) && !lineAt(offset).empty();
}

Result<Synset> WordNet::synset(std::string_view wnid) const
{
    uint32_t offset = 0;
    if (!parseOffset(wnid, offset))
        return makeError("'" + std::string(wnid) + "' is not a noun wnid (n + 8 digits)");
    const std::string_view line = lineAt(offset);
    if (line.empty())
        return makeError("'" + std::string(wnid) + "' is not a WordNet 3.0 noun synset");

    const size_t bar = line.find(" | ");
    const std::string_view head = line.substr(0, bar);
    const std::vector<std::string_view> f = fields(head);
    const auto malformed = [&] {
        return makeError((m_dir / "data.noun").string() + ": malformed line for " +
                         std::string(wnid));
    };
    // offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...]
    Synset s;
    s.wnid = std::string(wnid);
    size_t lexFile = 0, wordCount = 0, pointerCount = 0;
    if (f.size() < 4 || !parseNumber(f[1], lexFile) || !parseNumber(f[3], wordCount, 16))
        return malformed();
    if (lexFile < std::size(kLexNames))
        s.lexName = std::string(kLexNames[lexFile]);
    size_t k = 4;
    for (size_t w = 0; w < wordCount; ++w, k += 2) {
        if (k + 1 >= f.size())
            return malformed();
        s.lemmas.push_back(lemmaToDisplay(f[k]));
    }
    if (k >= f.size() || !parseNumber(f[k], pointerCount))
        return malformed();
    ++k;
    for (size_t p = 0; p < pointerCount; ++p, k += 4) {
        if (k + 3 >= f.size())
            return malformed();
        const std::string_view symbol = f[k];
        if (f[k + 2] != "n")
            continue;
        std::string target = "n" + std::string(f[k + 1]);
        if (symbol == "@")
            s.hypernyms.push_back(std::move(target));
        else if (symbol == "@i")
            s.instanceHypernyms.push_back(std::move(target));
        else if (symbol == "~")
            s.hyponyms.push_back(std::move(target));
        else if (symbol == "~i")
            s.instanceHyponyms.push_back(std::move(target));
    }
    if (bar != std::string_view::npos)
        splitGloss(text::trim(line.substr(bar + 3)), s.definition, s.examples);
    return s;
}

std::string WordNet::firstLemma(std::string_view wnid) const
{
    Result<Synset> s = synset(wnid);
    if (!s || s->lemmas.empty())
        return std::string(wnid);
    return s->lemmas.front();
}

std::vector<std::vector<std::string>> WordNet::hypernymPaths(std::string_view wnid) const
{
    Result<Synset> s = synset(wnid);
    if (!s)
        return {};
    std::vector<std::string> parents = s->hypernyms;
    parents.insert(parents.end(), s->instanceHypernyms.begin(), s->instanceHypernyms.end());
    if (parents.empty())
        return {{std::string(wnid)}};
    std::vector<std::vector<std::string>> paths;
    for (const std::string &parent : parents) {
        for (std::vector<std::string> &path : hypernymPaths(parent)) {
            path.emplace_back(wnid);
            paths.push_back(std::move(path));
        }
    }
    return paths;
}

std::vector<std::string> WordNet::hypernymPath(std::string_view wnid) const
{
    std::vector<std::string> path;
    std::string current(wnid);
    // The first hypernym chain, without building every path.
    for (int guard = 0; guard < 64; ++guard) {
        Result<Synset> s = synset(current);
        if (!s)
            return {};
        path.push_back(current);
        if (!s->hypernyms.empty())
            current = s->hypernyms.front();
        else if (!s->instanceHypernyms.empty())
            current = s->instanceHypernyms.front();
        else
            break;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

std::vector<std::string> WordNet::synsetsForLemma(std::string_view lemma) const
{
    const std::string key = lemmaToKey(lemma);
    const auto it =
        std::lower_bound(m_index.begin(), m_index.end(), key,
                         [](const LemmaEntry &e, const std::string &k) { return e.lemma < k; });
    std::vector<std::string> out;
    if (it != m_index.end() && it->lemma == key)
        for (uint32_t offset : it->offsets)
            out.push_back(wnidFor(offset));
    return out;
}

std::vector<std::string> WordNet::search(std::string_view query, size_t limit) const
{
    std::vector<std::string> out;
    const std::string key = lemmaToKey(query);
    if (key.empty() || limit == 0)
        return out;
    if (isWellFormedWnid(query) && contains(query))
        out.emplace_back(query);
    const auto addUnique = [&](uint32_t offset) {
        std::string id = wnidFor(offset);
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(std::move(id));
    };
    for (const std::string &id : synsetsForLemma(query))
        if (std::find(out.begin(), out.end(), id) == out.end())
            out.push_back(id);
    for (const LemmaEntry &e : m_index) {
        if (out.size() >= limit)
            break;
        if (e.lemma.find(key) != std::string::npos)
            for (uint32_t offset : e.offsets)
                addUnique(offset);
    }
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

} // namespace synset
