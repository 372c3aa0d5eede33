// File and folder names met in an import (any bytes, not only UTF-8): the split they name, the
// portable folder name made of them, and the JSON provenance that records them.
#include "FuzzUtil.h"

#include "common/Json.h"
#include "data/ImportNames.h"
#include "wordnet/WordNet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace synset;
    const std::string name(fuzz::text(data, size));
    (void)importnames::isIdxImages(name);
    (void)importnames::splitFromName(name, "train");
    const std::string portable = importnames::portable(name);
    if (portable.empty() || portable == "." || portable == ".." ||
        portable.find('/') != std::string::npos)
        __builtin_trap();
    (void)WordNet::isWellFormedWnid(name);
    Json provenance = {{"source", name}, {"file", portable}};
    Result<Json> back = parseJson(dumpJson(provenance));
    if (!back)
        __builtin_trap(); // what we write must read back
    return 0;
}
