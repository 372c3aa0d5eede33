// WordNet's data.noun and index.noun (cut from the input at "\n====\n"), opened and walked: every
// lemma's synsets, their lines, hypernym paths and search.
#include "FuzzUtil.h"

#include "wordnet/WordNet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    const std::vector<std::string> bodies = fuzz::parts(fuzz::text(data, size), 2);
    const std::filesystem::path dir = fuzz::scratch() / "wordnet";
    fuzz::write(dir / "data.noun", bodies[0]);
    fuzz::write(dir / "index.noun", bodies[1]);
    Result<std::shared_ptr<const WordNet>> wn = WordNet::open(dir);
    if (!wn)
        return 0;
    for (const std::string &wnid : (*wn)->search("", 64)) {
        (void)(*wn)->synset(wnid);
        (void)(*wn)->hypernymPaths(wnid);
        (void)(*wn)->hypernymPath(wnid);
        (void)(*wn)->firstLemma(wnid);
    }
    (void)(*wn)->synsetsForLemma("dog");
    return 0;
}
