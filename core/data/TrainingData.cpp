#include "TrainingData.h"

#include "ImageLoader.h"
#include "project/Database.h"
#include "project/Project.h"

#include <opencv2/imgproc.hpp>

#include <map>

namespace synset {

Result<GeneratorTrainData> loadRealImages(const Project &project, const std::string &split,
                                          const ProgressFn &progress, const CancelToken *cancel)
{
    struct Row
    {
        int classIndex;
        std::string file;
        int64_t record;
        int width, height, channels;
    };
    std::vector<Row> rows;
    {
        Result<Statement> st = const_cast<Project &>(project).database().prepare(
            "SELECT c.class_index, i.file, i.record, i.width, i.height, i.channels FROM images i "
            "JOIN classes c ON c.id = i.class_id JOIN datasets d ON d.id = i.dataset_id "
            "WHERE d.kind = 'real' AND i.split = ? ORDER BY i.id");
        if (!st)
            return makeError(st.error());
        st->bind(1, split);
        while (st->step())
            rows.push_back({int(st->columnInt(0)), st->columnText(1), st->columnInt(2),
                            int(st->columnInt(3)), int(st->columnInt(4)), int(st->columnInt(5))});
    }
    if (rows.empty())
        return makeError("project " + project.name() + " has no real '" + split +
                         "' images; import some first");
    // The most common shape wins; the rest are resized to it.
    std::map<std::tuple<int, int, int>, int> shapes;
    for (const Row &r : rows)
        ++shapes[{r.width, r.height, r.channels}];
    const auto common =
        std::max_element(shapes.begin(), shapes.end(), [](const auto &a, const auto &b) {
            return a.second < b.second;
        })->first;
    GeneratorTrainData data;
    data.width = std::get<0>(common);
    data.height = std::get<1>(common);
    data.channels = std::get<2>(common);
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
        cv::Mat mat(img->height, img->width, img->channels == 1 ? CV_8UC1 : CV_8UC3,
                    img->pixels.data());
        if (img->channels != data.channels)
            cv::cvtColor(mat.clone(), mat,
                         data.channels == 1 ? cv::COLOR_RGB2GRAY : cv::COLOR_GRAY2RGB);
        if (mat.cols != data.width || mat.rows != data.height)
            cv::resize(mat.clone(), mat, cv::Size(data.width, data.height), 0, 0, cv::INTER_AREA);
        // Interleaved HWC to planar CHW.
        for (int c = 0; c < data.channels; ++c)
            for (int y = 0; y < data.height; ++y)
                for (int x = 0; x < data.width; ++x)
                    data.pixels.push_back(mat.ptr<uint8_t>(y)[x * data.channels + c]);
        data.labels.push_back(r.classIndex);
    }
    reportProgress(progress, 1.0, "Images loaded");
    return data;
}

} // namespace synset
