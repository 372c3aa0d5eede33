#include "ImageKind.h"

#include "ImageLoader.h"
#include "project/ImageStore.h"
#include "project/Project.h"

#include <opencv2/imgproc.hpp>

#include <map>

namespace synset {

std::string describeImageKind(const ImageKind &kind)
{
    const std::string colour = kind.channels == 1 ? "greyscale" : "RGB";
    if (kind.anySize())
        return colour + " of varied sizes";
    return std::to_string(kind.width) + "x" + std::to_string(kind.height) + " " + colour;
}

std::optional<ImageKind> projectImageKind(Project &project)
{
    Result<std::vector<ImageShapeCount>> shapes = realImageShapes(project.database());
    if (!shapes)
        return std::nullopt;
    std::map<std::pair<int, int>, int64_t> sizes;
    std::map<int, int64_t> channels;
    int64_t total = 0;
    for (const ImageShapeCount &s : *shapes) {
        sizes[{s.width, s.height}] += s.count;
        channels[s.channels] += s.count;
        total += s.count;
    }
    if (total == 0)
        return std::nullopt;
    const auto most = [](const auto &counts) {
        return std::max_element(counts.begin(), counts.end(),
                                [](const auto &a, const auto &b) { return a.second < b.second; });
    };
    ImageKind kind;
    kind.channels = most(channels)->first;
    if (const auto size = most(sizes); 2 * size->second >= total) {
        kind.width = size->first.first;
        kind.height = size->first.second;
    }
    return kind;
}

bool fitsImageKind(const ImageKind &kind, int width, int height, int channels)
{
    return channels == kind.channels &&
           (kind.anySize() || (width == kind.width && height == kind.height));
}

ImageData convertToImageKind(const ImageData &image, const ImageKind &kind)
{
    cv::Mat mat(image.height, image.width, image.channels == 1 ? CV_8UC1 : CV_8UC3,
                const_cast<uint8_t *>(image.pixels.data()));
    mat = mat.clone();
    if (image.channels != kind.channels)
        cv::cvtColor(mat.clone(), mat,
                     kind.channels == 1 ? cv::COLOR_RGB2GRAY : cv::COLOR_GRAY2RGB);
    if (!kind.anySize() && (mat.cols != kind.width || mat.rows != kind.height))
        cv::resize(mat.clone(), mat, cv::Size(kind.width, kind.height), 0, 0, cv::INTER_AREA);
    ImageData out;
    out.width = mat.cols;
    out.height = mat.rows;
    out.channels = mat.channels();
    out.pixels.resize(size_t(out.width) * out.height * out.channels);
    for (int y = 0; y < out.height; ++y)
        std::copy_n(mat.ptr<uint8_t>(y), size_t(out.width) * out.channels,
                    out.pixels.begin() + ptrdiff_t(y) * out.width * out.channels);
    return out;
}

} // namespace synset
