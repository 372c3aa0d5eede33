// Decodes one view of an image for a streamed training or evaluation batch: the crop is chosen
// before decoding, so a JPEG whose crop covers many more pixels than the output is decoded at
// 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling), which is most of the speed at ImageNet sizes.
#pragma once

#include "common/ImageViews.h"
#include "common/Result.h"

#include <cstdint>
#include <string>

namespace synset {

// The largest JPEG reduction (1, 2, 4 or 8) at which a crop of a source still has at least the
// output's pixels on both sides.
int jpegReduction(int sourceWidth, int sourceHeight, const ViewCrop &crop, int outWidth,
                  int outHeight);

// file's view (record >= 0: an IDX record) as channels*outHeight*outWidth planar bytes at chw.
// Errors name the file (unreadable, truncated, corrupt).
Result<void> decodeView(const std::string &file, int64_t record, int sourceWidth, int sourceHeight,
                        const ViewCrop &crop, int channels, int outWidth, int outHeight,
                        uint8_t *chw);

} // namespace synset
