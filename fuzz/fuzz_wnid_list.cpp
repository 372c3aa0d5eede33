// A class list file (wnids, '#' comments, optional names) against the installed WordNet.
#include "FuzzUtil.h"

#include "classes/ClassList.h"
#include "wordnet/WordNet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    static const std::shared_ptr<const WordNet> wordnet = [] {
        Result<std::shared_ptr<const WordNet>> wn = WordNet::shared();
        if (!wn) {
            std::fprintf(stderr, "fuzz_wnid_list: %s\n", wn.error().c_str());
            std::abort();
        }
        return *wn;
    }();
    (void)classlists::fromText(fuzz::text(data, size), "fuzz.txt", *wordnet);
    return 0;
}
