#include "PromptContext.h"

#include "wordnet/WordNet.h"

namespace synset {

PromptContext makePromptContext(const WordNet &wordnet, std::string_view wnid,
                                std::string_view name,
                                std::map<std::string, std::vector<std::string>, std::less<>> lists)
{
    PromptContext ctx;
    ctx.wnid = std::string(wnid);
    ctx.name = std::string(name);
    ctx.lists = std::move(lists);
    Result<Synset> s = wordnet.synset(wnid);
    if (!s)
        return ctx;
    ctx.lemmas = s->lemmas;
    ctx.definition = s->definition;
    if (ctx.name.empty() && !s->lemmas.empty())
        ctx.name = s->lemmas.front();
    const std::string parent = !s->hypernyms.empty()           ? s->hypernyms.front()
                               : !s->instanceHypernyms.empty() ? s->instanceHypernyms.front()
                                                               : std::string();
    if (!parent.empty())
        ctx.hypernym = wordnet.firstLemma(parent);
    return ctx;
}

} // namespace synset
