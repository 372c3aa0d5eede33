#include "TrainingData.h"

#include "ImageLoader.h"
#include "ViewDecode.h"
#include "project/ImageStore.h"
#include "project/Project.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>
#include <unordered_map>

namespace synset {

namespace {

using Row = ImageRow;

// The most common width, height and channel count among rows.
std::tuple<int, int, int> commonShape(const std::vector<Row> &rows)
{
    std::map<std::tuple<int, int, int>, int> shapes;
    for (const Row &r : rows)
        ++shapes[{r.width, r.height, r.channels}];
    return std::max_element(shapes.begin(), shapes.end(),
                            [](const auto &a, const auto &b) { return a.second < b.second; })
        ->first;
}

Result<GeneratorTrainData> loadRows(const Project &project, const std::vector<Row> &rows,
                                    std::tuple<int, int, int> shape, const ProgressFn &progress,
                                    const CancelToken *cancel)
{
    GeneratorTrainData data;
    data.width = std::get<0>(shape);
    data.height = std::get<1>(shape);
    data.channels = std::get<2>(shape);
    for (const ProjectClass &c : project.classes()) {
        data.classWnids.push_back(c.wnid);
        data.classNames.push_back(c.name);
    }
    const size_t imageSize = size_t(data.channels) * data.height * data.width;
    data.pixels.reserve(rows.size() * imageSize);
    for (size_t i = 0; i < rows.size(); ++i) {
        if ((i & 1023) == 0) {
            if (isCancelled(cancel))
                return makeError("loading images cancelled");
            reportProgress(progress, double(i) / rows.size(), "Loading images");
        }
        const Row &r = rows[i];
        Result<ImageData> img = loadImage(project.resolve(r.file), r.record);
        if (!img)
            return makeError(img.error());
        appendPlanarImage(*img, data.channels, data.height, data.width, data.pixels);
        data.labels.push_back(r.classIndex);
        data.imageIds.push_back(r.id);
    }
    reportProgress(progress, 1.0, "Images loaded");
    return data;
}

// The rows as a streamed set: nothing is decoded here; each image is read from its file when a
// batch needs it.
GeneratorTrainData listRows(const Project &project, const std::vector<Row> &rows, int channels,
                            int size)
{
    GeneratorTrainData data;
    data.width = data.height = size;
    data.channels = channels;
    for (const ProjectClass &c : project.classes()) {
        data.classWnids.push_back(c.wnid);
        data.classNames.push_back(c.name);
    }
    struct Source
    {
        std::string file;
        int64_t record;
    };
    auto sources = std::make_shared<std::vector<Source>>();
    sources->reserve(rows.size());
    for (const Row &r : rows) {
        data.labels.push_back(r.classIndex);
        data.imageIds.push_back(r.id);
        data.sourceWidths.push_back(r.width);
        data.sourceHeights.push_back(r.height);
        sources->push_back({project.resolve(r.file).string(), r.record});
    }
    data.decode = [sources, channels, size, widths = data.sourceWidths,
                   heights = data.sourceHeights](size_t i, const ViewCrop &view, uint8_t *chw) {
        const Source &s = (*sources)[i];
        return decodeView(s.file, s.record, widths[i], heights[i], view, channels, size, size, chw);
    };
    return data;
}

// The real images of a split; an error when there are none.
Result<std::vector<Row>> realRows(const Project &project, const std::string &split)
{
    Result<std::vector<Row>> rows = realImageRows(const_cast<Project &>(project).database(), split);
    if (rows && rows->empty())
        return makeError("project " + project.name() + " has no real '" + split +
                         "' images; import some first");
    return rows;
}

// The rows of ids in their order: a lookup each for a few (a preview, a small run), one pass over
// the table for many.
Result<std::vector<Row>> rowsById(const Project &project, const std::vector<int64_t> &ids)
{
    constexpr size_t kLookups = 100'000;
    Database &db = const_cast<Project &>(project).database();
    if (ids.empty())
        return makeError("no images to load");
    if (ids.size() <= kLookups) {
        Result<std::vector<Row>> rows = imageRowsById(db, ids);
        if (!rows)
            return makeError(rows.error() + " (project " + project.name() + ")");
        return rows;
    }
    Result<std::vector<Row>> stored = allImageRows(db);
    if (!stored)
        return makeError(stored.error());
    const std::vector<Row> &all = *stored;
    std::unordered_map<int64_t, size_t> byId;
    for (size_t i = 0; i < all.size(); ++i)
        byId.emplace(all[i].id, i);
    std::vector<Row> rows;
    rows.reserve(ids.size());
    for (int64_t id : ids) {
        const auto it = byId.find(id);
        if (it == byId.end())
            return makeError("image " + std::to_string(id) + " is no longer in project " +
                             project.name());
        rows.push_back(all[it->second]);
    }
    return rows;
}

// The most common shape of the project's real images, else of rows.
std::tuple<int, int, int> commonRealShape(const Project &project, const std::vector<Row> &rows)
{
    if (const std::optional<ImageShape> common = commonRealImageShape(project))
        return {common->width, common->height, common->channels};
    return commonShape(rows);
}

} // namespace

std::optional<ImageShape> commonRealImageShape(const Project &project)
{
    Result<std::vector<ImageShapeCount>> shapes =
        realImageShapes(const_cast<Project &>(project).database());
    if (!shapes || shapes->empty())
        return std::nullopt;
    std::map<std::tuple<int, int, int>, int64_t> counts;
    for (const ImageShapeCount &c : *shapes)
        counts[{c.width, c.height, c.channels}] += c.count;
    const auto common =
        std::max_element(counts.begin(), counts.end(), [](const auto &a, const auto &b) {
            return a.second < b.second;
        })->first;
    return ImageShape{std::get<0>(common), std::get<1>(common), std::get<2>(common)};
}

int streamedImageSize(const std::optional<ImageShape> &common, int imageSize)
{
    if (!common || std::min(common->width, common->height) < kStreamFromSide)
        return 0;
    return imageSize > 0 ? imageSize : 224;
}

int streamedImageSize(const Project &project, int imageSize)
{
    return streamedImageSize(commonRealImageShape(project), imageSize);
}

Result<GeneratorTrainData> listRealImages(const Project &project, const std::string &split,
                                          int size)
{
    Result<std::vector<Row>> rows = realRows(project, split);
    if (!rows)
        return makeError(rows.error());
    return listRows(project, *rows, std::get<2>(commonShape(*rows)), size);
}

Result<GeneratorTrainData> listImagesById(const Project &project, const std::vector<int64_t> &ids,
                                          int size, int channels)
{
    Result<std::vector<Row>> rows = rowsById(project, ids);
    if (!rows)
        return makeError(rows.error());
    if (channels <= 0)
        channels = std::get<2>(commonRealShape(project, *rows));
    return listRows(project, *rows, channels, size);
}

void appendPlanarImage(const ImageData &image, int channels, int height, int width,
                       std::vector<uint8_t> &pixels)
{
    cv::Mat mat(image.height, image.width, image.channels == 1 ? CV_8UC1 : CV_8UC3,
                const_cast<uint8_t *>(image.pixels.data()));
    if (image.channels != channels)
        cv::cvtColor(mat.clone(), mat, channels == 1 ? cv::COLOR_RGB2GRAY : cv::COLOR_GRAY2RGB);
    if (mat.cols != width || mat.rows != height)
        cv::resize(mat.clone(), mat, cv::Size(width, height), 0, 0, cv::INTER_AREA);
    // Interleaved HWC to planar CHW.
    for (int c = 0; c < channels; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                pixels.push_back(mat.ptr<uint8_t>(y)[x * channels + c]);
}

Result<GeneratorTrainData> loadRealImages(const Project &project, const std::string &split,
                                          const ProgressFn &progress, const CancelToken *cancel)
{
    Result<std::vector<Row>> rows = realRows(project, split);
    if (!rows)
        return makeError(rows.error());
    // The most common shape wins; the rest are resized to it.
    return loadRows(project, *rows, commonShape(*rows), progress, cancel);
}

Result<GeneratorTrainData> loadImagesById(const Project &project, const std::vector<int64_t> &ids,
                                          const ProgressFn &progress, const CancelToken *cancel)
{
    Result<std::vector<Row>> rows = rowsById(project, ids);
    if (!rows)
        return makeError(rows.error());
    // Everything takes the shape of the project's real images, so that models trained on any
    // mix are tested on the real test split as they are.
    return loadRows(project, *rows, commonRealShape(project, *rows), progress, cancel);
}

} // namespace synset
