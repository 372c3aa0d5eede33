#include "ImageSets.h"

#include "ImageLoader.h"
#include "ViewDecode.h"

#include "common/ImageViews.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <thread>

namespace synset {

ImageSet subsetOf(const ImageSet &all, const std::vector<size_t> &indices)
{
    ImageSet out;
    out.channels = all.channels;
    out.height = all.height;
    out.width = all.width;
    out.classWnids = all.classWnids;
    out.classNames = all.classNames;
    const size_t size = size_t(all.channels) * size_t(all.height) * size_t(all.width);
    if (!all.streamed())
        out.pixels.reserve(indices.size() * size);
    for (size_t i : indices) {
        out.labels.push_back(all.labels[i]);
        if (i < all.imageIds.size())
            out.imageIds.push_back(all.imageIds[i]);
        if (all.streamed()) {
            out.sourceWidths.push_back(all.sourceWidths[i]);
            out.sourceHeights.push_back(all.sourceHeights[i]);
        } else {
            out.pixels.insert(out.pixels.end(), all.pixels.begin() + std::ptrdiff_t(i * size),
                              all.pixels.begin() + std::ptrdiff_t((i + 1) * size));
        }
    }
    if (all.streamed()) {
        auto map = std::make_shared<const std::vector<size_t>>(indices);
        out.decode = [decode = all.decode, map](size_t i, const ViewCrop &view, uint8_t *chw) {
            return decode((*map)[i], view, chw);
        };
    }
    return out;
}

Result<ImageSet> evaluationPixels(const ImageSet &set, size_t begin, size_t end,
                                  std::vector<std::string> *unreadable, int threads,
                                  const CancelToken *cancel)
{
    end = std::min(end, set.count());
    begin = std::min(begin, end);
    std::vector<size_t> indices(end - begin);
    for (size_t k = 0; k < indices.size(); ++k)
        indices[k] = begin + k;
    ImageSet out = subsetOf(set, indices);
    if (!set.streamed())
        return out;

    // Decode every view in parallel, then keep those that could be read.
    const size_t size = size_t(set.channels) * size_t(set.height) * size_t(set.width);
    const size_t n = indices.size();
    std::vector<uint8_t> pixels(n * size);
    std::vector<std::string> errors(n);
    std::atomic<size_t> next{0};
    const auto work = [&] {
        for (size_t k; (k = next++) < n;) {
            if (isCancelled(cancel))
                return;
            const ViewCrop view =
                centreCrop(out.sourceWidths[k], out.sourceHeights[k], set.width, set.height);
            if (Result<void> r = out.decode(k, view, pixels.data() + k * size); !r)
                errors[k] = r.error();
        }
    };
    const unsigned count =
        threads > 0 ? unsigned(threads) : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < std::min<size_t>(count, n); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    if (isCancelled(cancel))
        return makeError("cancelled");

    ImageSet kept;
    kept.channels = out.channels;
    kept.height = out.height;
    kept.width = out.width;
    kept.classWnids = std::move(out.classWnids);
    kept.classNames = std::move(out.classNames);
    kept.pixels.reserve(n * size);
    for (size_t k = 0; k < n; ++k) {
        if (!errors[k].empty()) {
            if (unreadable)
                unreadable->push_back(std::move(errors[k]));
            continue;
        }
        kept.pixels.insert(kept.pixels.end(), pixels.begin() + std::ptrdiff_t(k * size),
                           pixels.begin() + std::ptrdiff_t((k + 1) * size));
        kept.labels.push_back(out.labels[k]);
        if (k < out.imageIds.size())
            kept.imageIds.push_back(out.imageIds[k]);
    }
    return kept;
}

Result<ImageSet> listImageFiles(const std::vector<std::filesystem::path> &files,
                                std::vector<int> labels, int channels, int size,
                                const CancelToken *cancel)
{
    ImageSet out;
    out.channels = channels;
    out.width = out.height = size;
    out.labels = std::move(labels);
    auto names = std::make_shared<std::vector<std::string>>();
    names->reserve(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        if ((i & 1023) == 0 && isCancelled(cancel))
            return makeError("cancelled");
        Result<ImageHeader> h = readImageHeader(files[i]);
        if (!h)
            return makeError(h.error());
        out.sourceWidths.push_back(h->width);
        out.sourceHeights.push_back(h->height);
        names->push_back(files[i].string());
    }
    out.decode = [names, channels, size, widths = out.sourceWidths,
                  heights = out.sourceHeights](size_t i, const ViewCrop &view, uint8_t *chw) {
        return decodeView((*names)[i], -1, widths[i], heights[i], view, channels, size, size, chw);
    };
    return out;
}

} // namespace synset
