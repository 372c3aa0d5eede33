// A prompt template: parsed, counted and expanded for a few seeds against a class with lists.
#include "FuzzUtil.h"

#include "prompts/PromptTemplate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    Result<PromptTemplate> t = PromptTemplate::parse(fuzz::text(data, size));
    if (!t)
        return 0;
    PromptContext ctx;
    ctx.wnid = "n01440764";
    ctx.name = "tench";
    ctx.lemmas = {"tench", "Tinca tinca"};
    ctx.hypernym = "cyprinid";
    ctx.definition = "freshwater dace-like game fish of Europe and western Asia";
    ctx.lists = builtinWordLists();
    ctx.lists["empty"] = {};
    ctx.lists["colours"] = {"red", "green", "{blue}"};
    (void)t->missingLists(ctx);
    const uint64_t n = t->combinations(ctx);
    for (uint64_t i = 0; i < 4; ++i)
        (void)t->render(ctx, 7, n ? i % n : i);
    return 0;
}
