#include "CliArgs.h"
#include "Commands.h"

#include "classes/ClassList.h"
#include "common/TextUtil.h"
#include "wordnet/WordNet.h"

#include "common/Json.h"

#include <iostream>

namespace synset::cli {

namespace {

Json synsetJson(const WordNet &wn, const Synset &s)
{
    const auto refs = [&](const std::vector<std::string> &wnids) {
        Json arr = Json::array();
        for (const std::string &id : wnids) {
            Result<Synset> h = wn.synset(id);
            arr.push_back({{"wnid", id}, {"lemmas", h ? h->lemmas : std::vector<std::string>{}}});
        }
        return arr;
    };
    return {{"wnid", s.wnid},
            {"lemmas", s.lemmas},
            {"definition", s.definition},
            {"examples", s.examples},
            {"lexname", s.lexName},
            {"hypernyms", refs(s.hypernyms)},
            {"instance_hypernyms", refs(s.instanceHypernyms)},
            {"hyponyms", s.hyponyms},
            {"path", wn.hypernymPath(s.wnid)}};
}

void printSynset(const WordNet &wn, const Synset &s)
{
    std::cout << s.wnid << "  " << text::join(s.lemmas, ", ") << "  [" << s.lexName << "]\n"
              << "  definition: " << s.definition << '\n';
    for (const std::string &e : s.examples)
        std::cout << "  example:    \"" << e << "\"\n";
    for (const std::string &h : s.hypernyms)
        std::cout << "  hypernym:   " << h << " " << wn.firstLemma(h) << '\n';
    for (const std::string &h : s.instanceHypernyms)
        std::cout << "  instance of: " << h << " " << wn.firstLemma(h) << '\n';
    std::vector<std::string> path;
    for (const std::string &p : wn.hypernymPath(s.wnid))
        path.push_back(wn.firstLemma(p));
    std::cout << "  path:       " << text::join(path, " > ") << '\n'
              << "  hyponyms:   " << s.hyponyms.size() + s.instanceHyponyms.size() << '\n';
}

int synsetsShow(const WordNet &wn, const std::vector<std::string> &argv)
{
    Args args(argv, {}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().empty())
        return fail("usage: synsets show WNID... [--json]", 2);
    for (const std::string &id : args.positional()) {
        Result<Synset> s = wn.synset(id);
        if (!s)
            return fail(s.error());
        if (args.flag("json"))
            std::cout << dumpJson(synsetJson(wn, *s)) << '\n';
        else
            printSynset(wn, *s);
    }
    return 0;
}

int synsetsList(const WordNet &wn, const std::vector<std::string> &argv)
{
    Args args(argv, {"classes"}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (!args.value("classes") || !args.positional().empty())
        return fail(
            "usage: synsets list --classes imagenet1k|imagenet100|fashion-mnist|FILE [--json]", 2);
    Result<ClassList> list = classlists::load(*args.value("classes"), wn);
    if (!list)
        return fail(list.error());
    int index = 0;
    for (const ClassEntry &c : list->classes) {
        Result<Synset> s = wn.synset(c.wnid);
        if (!s)
            return fail(s.error());
        if (args.flag("json")) {
            Json j = synsetJson(wn, *s);
            j["index"] = index;
            j["name"] = c.name;
            std::cout << dumpJson(j) << '\n';
        } else {
            std::cout << index << '\t' << c.wnid << '\t' << c.name << '\t' << s->definition << '\n';
        }
        ++index;
    }
    return 0;
}

int synsetsSearch(const WordNet &wn, const std::vector<std::string> &argv)
{
    Args args(argv, {"limit"}, {"json"});
    if (!args.ok())
        return fail(args.error(), 2);
    if (args.positional().size() != 1)
        return fail("usage: synsets search QUERY [--limit N]", 2);
    size_t limit = 20;
    try {
        limit = args.integer("limit", 20);
    } catch (const OptionError &e) {
        return fail(e.what(), 2);
    }
    for (const std::string &id : wn.search(args.positional()[0], limit)) {
        Result<Synset> s = wn.synset(id);
        if (s)
            std::cout << id << '\t' << text::join(s->lemmas, ", ") << '\t' << s->definition << '\n';
    }
    return 0;
}

} // namespace

int runSynsets(const std::vector<std::string> &args)
{
    if (args.empty())
        return fail("usage: synsets show|list|search ...", 2);
    Result<std::shared_ptr<const WordNet>> wordnet = WordNet::shared();
    if (!wordnet)
        return fail(wordnet.error());
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args[0] == "show")
        return synsetsShow(**wordnet, rest);
    if (args[0] == "list")
        return synsetsList(**wordnet, rest);
    if (args[0] == "search")
        return synsetsSearch(**wordnet, rest);
    return fail("unknown synsets command '" + args[0] + "'", 2);
}

} // namespace synset::cli
