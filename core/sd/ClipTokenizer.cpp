#include "ClipTokenizer.h"

#include "common/FileUtil.h"
#include "common/Json.h"
#include "common/TextUtil.h"

#include <algorithm>
#include <climits>
#include <iterator>

namespace synset::sd {

namespace {

// ---- UTF-8 and the Unicode properties of CLIP's split pattern and lower-casing ---------------

std::vector<char32_t> decodeUtf8(std::string_view s)
{
    std::vector<char32_t> out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (len == 0 || i + len > s.size()) { // invalid byte: keep it as U+FFFD
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        char32_t cp = len == 1 ? c : c & (0x7F >> len);
        for (int k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

using text::appendUtf8;

// Python's \s.
bool isSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

struct CodeRange
{
    char32_t lo, hi;
};
struct CaseMapping
{
    char32_t from, to;
};
#include "UnicodeTables.inc"

template<size_t N> bool inRanges(const CodeRange (&table)[N], char32_t c)
{
    const CodeRange *r = std::upper_bound(table, table + N, c,
                                          [](char32_t v, const CodeRange &x) { return v < x.lo; });
    return r != table && c <= (r - 1)->hi;
}

// \p{N} and \p{L} of CLIP's split pattern, Unicode's general categories N* and L*.
bool isNumber(char32_t c)
{
    return inRanges(kNumbers, c);
}

bool isLetter(char32_t c)
{
    return inRanges(kLetters, c);
}

// Python's str.lower() of one code point, but for capital sigma (see lowerText).
char32_t lowerSingle(char32_t c)
{
    const CaseMapping *m =
        std::lower_bound(std::begin(kLower), std::end(kLower), c,
                         [](const CaseMapping &x, char32_t v) { return x.from < v; });
    return m != std::end(kLower) && m->from == c ? m->to : c;
}

// Python's str.lower(): full case mapping (U+0130 becomes "i" and a combining dot) and the
// final-sigma rule (capital sigma at the end of a word becomes U+03C2).
void appendLower(std::string &out, const std::vector<char32_t> &cps, size_t i)
{
    const char32_t c = cps[i];
    if (c == 0x130) {
        appendUtf8(out, 'i');
        appendUtf8(out, 0x307);
        return;
    }
    if (c != 0x3A3) {
        appendUtf8(out, lowerSingle(c));
        return;
    }
    // Final: a cased letter before it and none after it, case-ignorable characters skipped.
    const auto casedAt = [&](size_t k) { return inRanges(kCased, cps[k]); };
    const auto ignorable = [&](size_t k) { return inRanges(kCaseIgnorable, cps[k]); };
    size_t before = i;
    while (before > 0 && ignorable(before - 1))
        --before;
    size_t after = i + 1;
    while (after < cps.size() && ignorable(after))
        ++after;
    const bool final = before > 0 && casedAt(before - 1) && !(after < cps.size() && casedAt(after));
    appendUtf8(out, final ? 0x3C2 : 0x3C3);
}

// html.unescape for the entities that occur in prompts: the XML five, &nbsp; and numeric ones.
std::string unescapeHtml(std::string_view s)
{
    static const std::pair<std::string_view, char32_t> kNamed[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0},
    };
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        const size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        const std::string_view name = s.substr(i + 1, semi - i - 1);
        char32_t cp = 0;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string digits(name.substr(hex ? 2 : 1));
            char *end = nullptr;
            const long v = digits.empty() ? -1 : std::strtol(digits.c_str(), &end, hex ? 16 : 10);
            if (v > 0 && v < 0x110000 && end && *end == 0)
                cp = static_cast<char32_t>(v);
        } else {
            for (const auto &[n, c] : kNamed)
                if (name == n)
                    cp = c;
        }
        if (cp == 0) {
            out.push_back('&');
            continue;
        }
        appendUtf8(out, cp);
        i = semi;
    }
    return out;
}

// GPT-2/CLIP's reversible byte -> printable unicode character table.
const std::vector<std::string> &byteEncoder()
{
    static const std::vector<std::string> table = [] {
        std::vector<int> printable;
        for (int b = '!'; b <= '~'; ++b)
            printable.push_back(b);
        for (int b = 0xA1; b <= 0xAC; ++b)
            printable.push_back(b);
        for (int b = 0xAE; b <= 0xFF; ++b)
            printable.push_back(b);
        std::vector<std::string> t(256);
        std::vector<bool> done(256, false);
        for (int b : printable) {
            appendUtf8(t[b], static_cast<char32_t>(b));
            done[b] = true;
        }
        int n = 0;
        for (int b = 0; b < 256; ++b)
            if (!done[b])
                appendUtf8(t[b], static_cast<char32_t>(256 + n++));
        return t;
    }();
    return table;
}

// CLIP's pattern: <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|
// [^\s\p{L}\p{N}]+ over the normalized text; whitespace separates and is dropped.
std::vector<std::string> splitWords(const std::vector<char32_t> &cps)
{
    static const std::u32string kSpecials[] = {U"<|startoftext|>", U"<|endoftext|>"};
    static const std::u32string kContractions[] = {U"'s", U"'t",  U"'re", U"'ve",
                                                   U"'m", U"'ll", U"'d"};
    auto startsAt = [&](size_t i, const std::u32string &w) {
        if (i + w.size() > cps.size())
            return false;
        for (size_t k = 0; k < w.size(); ++k)
            if (cps[i + k] != w[k])
                return false;
        return true;
    };
    std::vector<std::string> words;
    size_t i = 0;
    while (i < cps.size()) {
        if (isSpace(cps[i])) {
            ++i;
            continue;
        }
        size_t end = i;
        for (const std::u32string &w : kSpecials)
            if (end == i && startsAt(i, w))
                end = i + w.size();
        if (end == i)
            for (const std::u32string &w : kContractions)
                if (end == i && startsAt(i, w))
                    end = i + w.size();
        if (end == i) {
            if (isLetter(cps[i])) {
                while (end < cps.size() && isLetter(cps[end]))
                    ++end;
            } else if (isNumber(cps[i])) {
                end = i + 1;
            } else {
                while (end < cps.size() && !isSpace(cps[end]) && !isLetter(cps[end]) &&
                       !isNumber(cps[end]))
                    ++end;
            }
        }
        std::string w;
        for (size_t k = i; k < end; ++k)
            appendUtf8(w, cps[k]);
        words.push_back(std::move(w));
        i = end;
    }
    return words;
}

} // namespace

Result<ClipTokenizer> ClipTokenizer::load(const std::filesystem::path &folder)
{
    const std::filesystem::path vocabPath = folder / "vocab.json",
                                mergesPath = folder / "merges.txt";
    Result<std::string> vocabText = files::readText(vocabPath);
    if (!vocabText)
        return makeError(vocabText.error());
    Result<Json> vocab = parseJson(*vocabText);
    if (!vocab || !vocab->is_object())
        return makeError(vocabPath.string() + ": not a JSON object of token ids (" +
                         (vocab ? std::string("wrong type") : vocab.error()) + ")");
    ClipTokenizer t;
    t.m_vocab.reserve(vocab->size());
    for (const auto &[token, id] : json::members(*vocab)) {
        const int64_t v = json::integer(id, -1);
        // CLIP's ids run from 0 to the vocabulary's size less one.
        if (!id.is_number() || v < 0 || v >= int64_t(vocab->size()))
            return makeError(vocabPath.string() + ": token '" + token + "' has no valid id");
        t.m_vocab.emplace(token, static_cast<int32_t>(v));
        if (static_cast<size_t>(v) >= t.m_idToToken.size())
            t.m_idToToken.resize(v + 1);
        t.m_idToToken[v] = token;
    }

    Result<std::string> mergesText = files::readText(mergesPath);
    if (!mergesText)
        return makeError(mergesText.error());
    int32_t rank = 0;
    int lineNo = 0;
    for (std::string_view line : text::split(*mergesText, '\n')) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || text::startsWith(line, "#version"))
            continue;
        const size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 == line.size())
            return makeError(mergesPath.string() + ":" + std::to_string(lineNo) +
                             ": a merge must be two symbols separated by one space");
        // Only merges whose result is in the vocabulary count (CLIP keeps the first 48,894).
        const std::string merged =
            std::string(line.substr(0, space)) + std::string(line.substr(space + 1));
        if (!t.m_vocab.count(merged))
            continue;
        t.m_mergeRank.emplace(std::string(line), rank++);
    }
    if (t.m_mergeRank.empty())
        return makeError(mergesPath.string() + ": no merges");

    auto special = [&](const char *token, int32_t fallback) {
        auto it = t.m_vocab.find(token);
        return it == t.m_vocab.end() ? fallback : it->second;
    };
    t.m_bos = special("<|startoftext|>", -1);
    t.m_eos = special("<|endoftext|>", -1);
    if (t.m_bos < 0 || t.m_eos < 0)
        return makeError(vocabPath.string() +
                         ": no <|startoftext|> or <|endoftext|> token; not a CLIP vocabulary");
    t.m_pad = t.m_eos;
    const std::filesystem::path configPath = folder / "tokenizer_config.json";
    if (std::filesystem::exists(configPath)) {
        Result<std::string> configText = files::readText(configPath);
        Result<Json> config = configText ? parseJson(*configText) : Result<Json>(makeError(""));
        if (!config)
            return makeError(configPath.string() + ": not valid JSON (" +
                             (configText ? config.error() : configText.error()) + ")");
        // The pad token is a string, or {"content": "..."} in newer files.
        const Json &pad = json::member(*config, "pad_token");
        const std::string padText =
            pad.is_string() ? json::stringOf(pad) : json::string(pad, "content");
        if (!padText.empty()) {
            auto it = t.m_vocab.find(padText);
            if (it == t.m_vocab.end())
                return makeError(configPath.string() + ": pad_token '" + padText +
                                 "' is not in the vocabulary");
            t.m_pad = it->second;
        }
    }
    return t;
}

std::vector<std::string> ClipTokenizer::preTokenize(std::string_view normalized)
{
    return splitWords(decodeUtf8(normalized));
}

std::string ClipTokenizer::normalize(std::string_view input)
{
    const std::string unescaped = unescapeHtml(unescapeHtml(input));
    const std::vector<char32_t> cps = decodeUtf8(unescaped);
    std::string out;
    bool pendingSpace = false;
    for (size_t i = 0; i < cps.size(); ++i) {
        if (isSpace(cps[i])) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        appendLower(out, cps, i);
    }
    return out;
}

std::vector<int32_t> ClipTokenizer::bpe(const std::string &word) const
{
    // Symbols: the byte-encoded characters, the last one marked as the end of the word.
    const std::vector<std::string> &enc = byteEncoder();
    std::vector<std::string> symbols;
    for (unsigned char b : word)
        symbols.push_back(enc[b]);
    if (symbols.empty())
        return {};
    symbols.back() += "</w>";
    // Multi-byte characters map to several symbols; CLIP works on bytes, so this is the same.
    while (symbols.size() > 1) {
        int32_t best = INT32_MAX;
        size_t bestAt = 0;
        for (size_t k = 0; k + 1 < symbols.size(); ++k) {
            auto it = m_mergeRank.find(symbols[k] + " " + symbols[k + 1]);
            if (it != m_mergeRank.end() && it->second < best) {
                best = it->second;
                bestAt = k;
            }
        }
        if (best == INT32_MAX)
            break;
        const std::string first = symbols[bestAt], second = symbols[bestAt + 1];
        std::vector<std::string> merged;
        merged.reserve(symbols.size());
        for (size_t k = 0; k < symbols.size();) {
            if (k + 1 < symbols.size() && symbols[k] == first && symbols[k + 1] == second) {
                merged.push_back(first + second);
                k += 2;
            } else {
                merged.push_back(symbols[k]);
                ++k;
            }
        }
        symbols = std::move(merged);
    }
    std::vector<int32_t> ids;
    for (const std::string &s : symbols) {
        auto it = m_vocab.find(s);
        if (it != m_vocab.end())
            ids.push_back(it->second);
    }
    return ids;
}

std::vector<int32_t> ClipTokenizer::encode(std::string_view text) const
{
    std::vector<int32_t> ids;
    for (const std::string &word : splitWords(decodeUtf8(normalize(text)))) {
        if (word == "<|startoftext|>" || word == "<|endoftext|>") {
            ids.push_back(m_vocab.at(word));
            continue;
        }
        for (int32_t id : bpe(word))
            ids.push_back(id);
    }
    return ids;
}

std::vector<int32_t> ClipTokenizer::encodePadded(std::string_view text, int length) const
{
    std::vector<int32_t> tokens = encode(text);
    std::vector<int32_t> ids;
    ids.reserve(length);
    ids.push_back(m_bos);
    for (size_t k = 0; k < tokens.size() && static_cast<int>(ids.size()) < length - 1; ++k)
        ids.push_back(tokens[k]);
    ids.push_back(m_eos);
    while (static_cast<int>(ids.size()) < length)
        ids.push_back(m_pad);
    return ids;
}

std::string ClipTokenizer::tokenText(int32_t id) const
{
    return id >= 0 && static_cast<size_t>(id) < m_idToToken.size() ? m_idToToken[id]
                                                                   : std::string();
}

} // namespace synset::sd
