// The text chunk a generated PNG carries ("parameters", A1111's layout), read back.
#include "FuzzUtil.h"

#include "data/PngText.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)synset::pngText(fuzz::text(data, size), "parameters", "fuzz.png");
    return 0;
}
