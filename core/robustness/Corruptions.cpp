#include "Corruptions.h"

#include "common/Seeds.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <numbers>
#include <tuple>

namespace synset {

namespace {

// Platform-independent random numbers (std distributions differ between libraries).
class Rng
{
public:
    explicit Rng(uint64_t seed)
        : m_state(seed)
    {}
    uint64_t next() { return seeds::splitMix64(m_state); }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; } // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int integer(int lo, int hiExclusive) // numpy's randint(lo, hi)
    {
        return lo + int(next() % uint64_t(hiExclusive - lo));
    }
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u = 0;
        while (u <= 0)
            u = uniform();
        const double v = uniform();
        const double r = std::sqrt(-2.0 * std::log(u));
        m_spare = r * std::sin(2 * std::numbers::pi * v);
        m_hasSpare = true;
        return r * std::cos(2 * std::numbers::pi * v);
    }
    // Knuth's method for small means, the normal approximation (rounded) above 30.
    double poisson(double mean)
    {
        if (mean <= 0)
            return 0;
        if (mean > 30)
            return std::max(0.0, std::round(mean + std::sqrt(mean) * normal()));
        const double limit = std::exp(-mean);
        double p = 1;
        int k = -1;
        do {
            ++k;
            p *= uniform();
        } while (p > limit);
        return k;
    }

private:
    uint64_t m_state;
    bool m_hasSpare = false;
    double m_spare = 0;
};

// Planar uint8 <-> interleaved float [0, 1].
cv::Mat toFloat(const uint8_t *planar, int c, int h, int w)
{
    cv::Mat m(h, w, CV_32FC(c));
    for (int y = 0; y < h; ++y) {
        float *row = m.ptr<float>(y);
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k)
                row[x * c + k] = planar[(size_t(k) * h + y) * w + x] / 255.0f;
    }
    return m;
}

std::vector<uint8_t> toPlanar(const cv::Mat &m)
{
    const int c = m.channels(), h = m.rows, w = m.cols;
    std::vector<uint8_t> out(size_t(c) * h * w);
    for (int y = 0; y < h; ++y) {
        const float *row = m.ptr<float>(y);
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < c; ++k) {
                // np.uint8 truncates; the values are already scaled to 0..255.
                const float v = std::clamp(row[x * c + k], 0.0f, 1.0f) * 255.0f;
                out[(size_t(k) * h + y) * w + x] = uint8_t(v);
            }
    }
    return out;
}

void clip01(cv::Mat &m)
{
    cv::min(m, 1.0, m);
    cv::max(m, 0.0, m);
}

cv::Mat gray(const cv::Mat &m)
{
    if (m.channels() == 1)
        return m.clone();
    cv::Mat g;
    cv::cvtColor(m, g, cv::COLOR_RGB2GRAY);
    return g;
}

// skimage.filters.gaussian: truncate 4 sigma, edges repeated.
cv::Mat gaussian(const cv::Mat &m, double sigma, int border = cv::BORDER_REPLICATE,
                 double truncate = 4.0)
{
    if (sigma <= 0)
        return m.clone();
    const int radius = int(truncate * sigma + 0.5);
    cv::Mat out;
    cv::GaussianBlur(m, out, cv::Size(2 * radius + 1, 2 * radius + 1), sigma, sigma, border);
    return out;
}

// Zoom into the centre by factor (> 1) and crop back to the size, bilinear.
cv::Mat clippedZoom(const cv::Mat &m, double factor)
{
    const int h = m.rows, w = m.cols;
    const int ch = int(std::ceil(h / factor)), cw = int(std::ceil(w / factor));
    const int top = (h - ch) / 2, left = (w - cw) / 2;
    cv::Mat zoomed;
    cv::resize(m(cv::Rect(left, top, cw, ch)), zoomed,
               cv::Size(int(std::lround(cw * factor)), int(std::lround(ch * factor))), 0, 0,
               cv::INTER_LINEAR);
    const int trimTop = (zoomed.rows - h) / 2, trimLeft = (zoomed.cols - w) / 2;
    return zoomed(cv::Rect(trimLeft, trimTop, w, h)).clone();
}

// ImageMagick's MotionBlurImage: a one-sided Gaussian along a direction, edges repeated.
cv::Mat motionBlur(const cv::Mat &m, double radius, double sigma, double angleDegrees)
{
    const int width = 2 * int(std::ceil(radius)) + 1;
    std::vector<double> kernel(static_cast<size_t>(width));
    double sum = 0;
    for (int i = 0; i < width; ++i) {
        kernel[size_t(i)] = std::exp(-double(i) * i / (2 * sigma * sigma));
        sum += kernel[size_t(i)];
    }
    const double a = angleDegrees * std::numbers::pi / 180.0;
    std::vector<cv::Point> offsets(static_cast<size_t>(width));
    for (int i = 0; i < width; ++i)
        offsets[size_t(i)] = {int(std::ceil(i * std::cos(a) - 0.5)),
                              int(std::ceil(i * std::sin(a) - 0.5))};
    const int c = m.channels();
    cv::Mat out(m.size(), m.type(), cv::Scalar::all(0));
    for (int y = 0; y < m.rows; ++y) {
        float *o = out.ptr<float>(y);
        for (int x = 0; x < m.cols; ++x)
            for (int i = 0; i < width; ++i) {
                const int sx = std::clamp(x + offsets[size_t(i)].x, 0, m.cols - 1);
                const int sy = std::clamp(y + offsets[size_t(i)].y, 0, m.rows - 1);
                const float *s = m.ptr<float>(sy) + sx * c;
                const float k = float(kernel[size_t(i)] / sum);
                for (int ch = 0; ch < c; ++ch)
                    o[x * c + ch] += k * s[ch];
            }
    }
    return out;
}

// Diamond-square height map in [0, 1] (the plasma fractal ImageNet-C's fog uses).
cv::Mat plasmaFractal(int mapSize, double wibbleDecay, Rng &rng)
{
    cv::Mat map(mapSize, mapSize, CV_64F, cv::Scalar(0));
    const auto at = [&](int y, int x) -> double & {
        return map.at<double>((y % mapSize + mapSize) % mapSize, (x % mapSize + mapSize) % mapSize);
    };
    double wibble = 100;
    for (int step = mapSize; step >= 2; step /= 2) {
        const int half = step / 2;
        const auto wibbled = [&](double sum) {
            return sum / 4 + wibble * rng.uniform(-wibble, wibble);
        };
        // Squares: centre = mean of the four corners.
        for (int y = 0; y < mapSize; y += step)
            for (int x = 0; x < mapSize; x += step)
                at(y + half, x + half) =
                    wibbled(at(y, x) + at(y + step, x) + at(y, x + step) + at(y + step, x + step));
        // Diamonds: edge midpoints = mean of the two corners and the two centres beside them.
        for (int y = 0; y < mapSize; y += step)
            for (int x = 0; x < mapSize; x += step) {
                at(y, x + half) = wibbled(at(y, x) + at(y, x + step) + at(y + half, x + half) +
                                          at(y - half, x + half));
                at(y + half, x) = wibbled(at(y, x) + at(y + step, x) + at(y + half, x + half) +
                                          at(y + half, x - half));
            }
        wibble /= wibbleDecay;
    }
    double lo = 0, hi = 0;
    cv::minMaxLoc(map, &lo, &hi);
    map = (map - lo) / std::max(hi - lo, 1e-12);
    return map;
}

// A frost texture: a pale, bluish base with fractal haze, and crystals drawn as branching needles.
cv::Mat makeFrost(int height, int width, uint64_t seed)
{
    Rng rng(seed);
    const int size = std::max(height, width);
    int mapSize = 1;
    while (mapSize < size)
        mapSize *= 2;
    cv::Mat haze;
    plasmaFractal(mapSize, 1.6, rng)(cv::Rect(0, 0, width, height)).convertTo(haze, CV_32F);
    cv::Mat crystals(height, width, CV_32F, cv::Scalar(0));
    const int needles = std::max(8, height * width / 40);
    for (int n = 0; n < needles; ++n) {
        cv::Point2d p(rng.uniform(0, width), rng.uniform(0, height));
        double angle = rng.uniform(0, 2 * std::numbers::pi);
        const int segments = 2 + rng.integer(0, 5);
        const float brightness = float(rng.uniform(0.5, 1.0));
        for (int s = 0; s < segments; ++s) {
            const double length = rng.uniform(0.02, 0.08) * size;
            const cv::Point2d q = p + cv::Point2d(std::cos(angle), std::sin(angle)) * length;
            cv::line(crystals, p, q, cv::Scalar(brightness), 1, cv::LINE_AA);
            // A side branch at about 60 degrees, as ice dendrites grow.
            const double side = angle + (rng.uniform() < 0.5 ? -1 : 1) * std::numbers::pi / 3;
            cv::line(crystals, q, q + cv::Point2d(std::cos(side), std::sin(side)) * length * 0.5,
                     cv::Scalar(brightness * 0.8), 1, cv::LINE_AA);
            p = q;
            angle += rng.uniform(-0.5, 0.5);
        }
    }
    cv::Mat value = 0.35f + 0.35f * haze + 0.6f * gaussian(crystals, 0.5);
    clip01(value);
    // Frost photographs are near-white with a blue cast.
    std::vector<cv::Mat> rgb{value * 0.86f, value * 0.93f, value * 1.0f};
    cv::Mat out;
    cv::merge(rgb, out);
    clip01(out);
    return out;
}

// The six frost textures of a size, made once (they depend on nothing else).
cv::Mat cachedFrost(int height, int width, int texture)
{
    static std::mutex mutex;
    static std::map<std::tuple<int, int, int>, cv::Mat> cache;
    const std::lock_guard lock(mutex);
    cv::Mat &m = cache[{height, width, texture}];
    if (m.empty())
        m = makeFrost(height, width, seeds::mix(0xF205711ull, uint64_t(texture)));
    return m;
}

cv::Mat brightnessShift(const cv::Mat &x, double amount)
{
    if (x.channels() == 1) {
        cv::Mat out = x + amount;
        clip01(out);
        return out;
    }
    cv::Mat hsv;
    cv::cvtColor(x, hsv, cv::COLOR_RGB2HSV);
    std::vector<cv::Mat> planes;
    cv::split(hsv, planes);
    planes[2] += amount;
    clip01(planes[2]);
    cv::merge(planes, hsv);
    cv::Mat out;
    cv::cvtColor(hsv, out, cv::COLOR_HSV2RGB);
    return out;
}

cv::Mat applyCorruption(const cv::Mat &input, int corruption, int severity, Rng &rng)
{
    const int s = severity - 1;
    const int h = input.rows, w = input.cols, channels = input.channels();
    const double imsize = std::max(h, w);
    cv::Mat x = input.clone();
    switch (corruption) {
    case 0: { // gaussian_noise
        const double c = std::array{0.04, 0.06, 0.08, 0.09, 0.10}[size_t(s)];
        for (int y = 0; y < h; ++y)
            for (int i = 0; i < w * channels; ++i)
                x.ptr<float>(y)[i] += float(c * rng.normal());
        break;
    }
    case 1: { // shot_noise
        const double c = std::array{500.0, 250.0, 100.0, 75.0, 50.0}[size_t(s)];
        for (int y = 0; y < h; ++y)
            for (int i = 0; i < w * channels; ++i) {
                float &v = x.ptr<float>(y)[i];
                v = float(rng.poisson(v * c) / c);
            }
        break;
    }
    case 2: { // impulse_noise: salt and pepper on that share of the values
        const double c = std::array{0.01, 0.02, 0.03, 0.05, 0.07}[size_t(s)];
        for (int y = 0; y < h; ++y)
            for (int i = 0; i < w * channels; ++i)
                if (rng.uniform() < c)
                    x.ptr<float>(y)[i] = rng.uniform() < 0.5 ? 0.0f : 1.0f;
        break;
    }
    case 3: { // defocus_blur: an anti-aliased disk
        const auto c = std::array<std::pair<double, double>, 5>{
            {{0.3, 0.4}, {0.4, 0.5}, {0.5, 0.6}, {1, 0.2}, {1.5, 0.1}}}[size_t(s)];
        const int r = c.first <= 8 ? 8 : int(c.first);
        cv::Mat disk(2 * r + 1, 2 * r + 1, CV_32F);
        for (int y = -r; y <= r; ++y)
            for (int xx = -r; xx <= r; ++xx)
                disk.at<float>(y + r, xx + r) =
                    (xx * xx + y * y) <= c.first * c.first ? 1.0f : 0.0f;
        disk /= cv::sum(disk)[0];
        cv::GaussianBlur(disk.clone(), disk, cv::Size(3, 3), c.second);
        cv::filter2D(x.clone(), x, -1, disk);
        break;
    }
    case 4: { // glass_blur: blur, shuffle pixels locally, blur again
        const auto c = std::array<std::array<double, 3>, 5>{
            {{0.05, 1, 1}, {0.25, 1, 1}, {0.4, 1, 1}, {0.25, 1, 2}, {0.4, 1, 2}}}[size_t(s)];
        const int delta = int(c[1]);
        x = gaussian(x, c[0]);
        // The original quantises to uint8 between the blurs.
        x.forEach<float>([](float &v, const int *) { v = std::floor(v * 255.0f) / 255.0f; });
        const size_t pixelBytes = sizeof(float) * size_t(channels);
        std::vector<float> tmp(static_cast<size_t>(channels));
        for (int it = 0; it < int(c[2]); ++it)
            for (int yy = h - delta; yy > delta; --yy)
                for (int xx = w - delta; xx > delta; --xx) {
                    const int dx = rng.integer(-delta, delta), dy = rng.integer(-delta, delta);
                    float *a = x.ptr<float>(yy) + xx * channels;
                    float *b = x.ptr<float>(yy + dy) + (xx + dx) * channels;
                    std::memcpy(tmp.data(), a, pixelBytes);
                    std::memcpy(a, b, pixelBytes);
                    std::memcpy(b, tmp.data(), pixelBytes);
                }
        x = gaussian(x, c[0]);
        break;
    }
    case 5: { // motion_blur
        const auto c = std::array<std::pair<double, double>, 5>{
            {{6, 1}, {6, 1.5}, {6, 2}, {8, 2}, {9, 2.5}}}[size_t(s)];
        const double scale = imsize / 32.0;
        x = motionBlur(x, c.first * scale, c.second * scale, rng.uniform(-45, 45));
        break;
    }
    case 6: { // zoom_blur: the mean of the image zoomed by 1, 1.01, ... up to the severity
        const double top = std::array{1.06, 1.11, 1.16, 1.21, 1.26}[size_t(s)];
        cv::Mat sum = x.clone();
        int n = 1;
        for (int k = 0; 1.0 + 0.01 * k < top - 1e-9; ++k, ++n)
            sum += clippedZoom(x, 1.0 + 0.01 * k);
        x = sum / double(n);
        break;
    }
    case 7: { // snow
        const auto c =
            std::array<std::array<double, 7>, 5>{{{0.1, 0.2, 1, 0.6, 8, 3, 0.95},
                                                  {0.1, 0.2, 1, 0.5, 10, 4, 0.9},
                                                  {0.15, 0.3, 1.75, 0.55, 10, 4, 0.9},
                                                  {0.25, 0.3, 2.25, 0.6, 12, 6, 0.85},
                                                  {0.3, 0.3, 1.25, 0.65, 14, 12, 0.8}}}[size_t(s)];
        cv::Mat layer(h, w, CV_32F);
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx)
                layer.at<float>(y, xx) = float(c[0] + c[1] * rng.normal());
        if (c[2] > 1)
            layer = clippedZoom(layer, c[2]);
        layer.setTo(0, layer < c[3]);
        clip01(layer);
        layer.forEach<float>([](float &v, const int *) { v = std::floor(v * 255.0f) / 255.0f; });
        const double scale = imsize / 32.0;
        layer = motionBlur(layer, c[4] * scale, c[5] * scale, rng.uniform(-135, -45));
        cv::Mat g = gray(x) * 1.5 + 0.5;
        if (channels == 3) {
            cv::Mat g3;
            cv::merge(std::vector<cv::Mat>{g, g, g}, g3);
            g = g3;
        }
        cv::Mat brighter;
        cv::max(x, g, brighter);
        x = c[6] * x + (1 - c[6]) * brighter;
        cv::Mat flipped;
        cv::flip(layer, flipped, -1);
        cv::Mat snowLayer = layer + flipped;
        if (channels == 3)
            cv::merge(std::vector<cv::Mat>{snowLayer, snowLayer, snowLayer}, snowLayer);
        x += snowLayer;
        break;
    }
    case 8: { // frost: blend with a random crop of the ice texture
        const auto c = std::array<std::pair<double, double>, 5>{
            {{1, 0.2}, {1, 0.3}, {0.9, 0.4}, {0.85, 0.4}, {0.75, 0.45}}}[size_t(s)];
        // One of six textures (the original has six photographs), cropped at random.
        const int texture = rng.integer(0, 6);
        const int th = std::max(4 * h, 96), tw = std::max(4 * w, 96);
        const cv::Mat frost = cachedFrost(th, tw, texture);
        const int top = rng.integer(0, th - h), left = rng.integer(0, tw - w);
        cv::Mat crop = frost(cv::Rect(left, top, w, h)).clone();
        if (channels == 1)
            cv::cvtColor(crop.clone(), crop, cv::COLOR_RGB2GRAY);
        x = c.first * x + c.second * crop;
        break;
    }
    case 9: { // fog
        const auto c = std::array<std::pair<double, double>, 5>{
            {{0.2, 3}, {0.5, 3}, {0.75, 2.5}, {1, 2}, {1.5, 1.75}}}[size_t(s)];
        double lo = 0, maxValue = 0;
        cv::minMaxLoc(x.reshape(1), &lo, &maxValue);
        int mapSize = 1;
        while (mapSize < std::max(h, w))
            mapSize *= 2;
        cv::Mat fog;
        plasmaFractal(mapSize, c.second, rng)(cv::Rect(0, 0, w, h)).convertTo(fog, CV_32F);
        if (channels == 3)
            cv::merge(std::vector<cv::Mat>{fog, fog, fog}, fog);
        x = (x + c.first * fog) * (maxValue / (maxValue + c.first));
        break;
    }
    case 10: { // brightness: raise V in HSV
        x = brightnessShift(x, std::array{0.05, 0.1, 0.15, 0.2, 0.3}[size_t(s)]);
        break;
    }
    case 11: { // contrast: towards each channel's mean
        const double c = std::array{0.75, 0.5, 0.4, 0.3, 0.15}[size_t(s)];
        const cv::Scalar mean = cv::mean(x);
        std::vector<cv::Mat> planes;
        cv::split(x, planes);
        for (int k = 0; k < channels; ++k)
            planes[size_t(k)] = (planes[size_t(k)] - mean[k]) * c + mean[k];
        cv::merge(planes, x);
        break;
    }
    case 12: { // elastic_transform: a random affine warp, then smooth random displacements
        // CIFAR-10-C's (alpha, sigma) of the elastic part. Its affine part shrinks as severity
        // rises (0.08 down to 0.03 of the size), so that severity 1 moved pixels further than
        // severity 5; the same five affine amounts are used here in rising order, so that every
        // step changes the image more.
        const auto c = std::array<std::array<double, 3>, 5>{{{0, 0, 0.03},
                                                             {0.05, 0.2, 0.05},
                                                             {0.08, 0.06, 0.06},
                                                             {0.1, 0.04, 0.07},
                                                             {0.1, 0.03, 0.08}}}[size_t(s)];
        const double alpha = imsize * c[0], sigma = imsize * c[1], affine = imsize * c[2];
        const cv::Point2f centre(float(w / 2), float(h / 2));
        const float square = float(std::min(h, w) / 3);
        const std::array<cv::Point2f, 3> from{centre + cv::Point2f(square, square),
                                              cv::Point2f(centre.x + square, centre.y - square),
                                              centre - cv::Point2f(square, square)};
        std::array<cv::Point2f, 3> to = from;
        for (cv::Point2f &p : to)
            p += cv::Point2f(float(rng.uniform(-affine, affine)),
                             float(rng.uniform(-affine, affine)));
        const cv::Mat m = cv::getAffineTransform(from.data(), to.data());
        cv::warpAffine(x.clone(), x, m, x.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT_101);
        cv::Mat dx(h, w, CV_32F), dy(h, w, CV_32F);
        for (cv::Mat *d : {&dx, &dy}) {
            for (int y = 0; y < h; ++y)
                for (int xx = 0; xx < w; ++xx)
                    d->at<float>(y, xx) = float(rng.uniform(-1, 1));
            *d = gaussian(*d, sigma, cv::BORDER_REFLECT, 3.0) * alpha;
        }
        cv::Mat mapX(h, w, CV_32F), mapY(h, w, CV_32F);
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx) {
                mapX.at<float>(y, xx) = float(xx) + dx.at<float>(y, xx);
                mapY.at<float>(y, xx) = float(y) + dy.at<float>(y, xx);
            }
        cv::remap(x.clone(), x, mapX, mapY, cv::INTER_LINEAR, cv::BORDER_REFLECT);
        break;
    }
    case 13: { // pixelate: box down, box up
        const double c = std::array{0.95, 0.9, 0.85, 0.75, 0.65}[size_t(s)];
        cv::Mat small;
        cv::resize(x, small, cv::Size(std::max(1, int(w * c)), std::max(1, int(h * c))), 0, 0,
                   cv::INTER_AREA);
        cv::resize(small, x, cv::Size(w, h), 0, 0, cv::INTER_AREA);
        break;
    }
    case 14: { // jpeg_compression
        const int quality = std::array{80, 65, 58, 50, 40}[size_t(s)];
        cv::Mat bytes;
        x.convertTo(bytes, CV_8U, 255.0);
        if (channels == 3)
            cv::cvtColor(bytes.clone(), bytes, cv::COLOR_RGB2BGR);
        std::vector<uint8_t> encoded;
        cv::imencode(".jpg", bytes, encoded, {cv::IMWRITE_JPEG_QUALITY, quality});
        cv::Mat decoded =
            cv::imdecode(encoded, channels == 3 ? cv::IMREAD_COLOR : cv::IMREAD_GRAYSCALE);
        if (channels == 3)
            cv::cvtColor(decoded.clone(), decoded, cv::COLOR_BGR2RGB);
        decoded.convertTo(x, CV_32F, 1.0 / 255.0);
        break;
    }
    default:
        break;
    }
    clip01(x);
    return x;
}

} // namespace

const std::vector<CorruptionInfo> &corruptionList()
{
    static const std::vector<CorruptionInfo> list{
        {"gaussian_noise", "Gaussian noise", "noise"},
        {"shot_noise", "Shot noise", "noise"},
        {"impulse_noise", "Impulse noise", "noise"},
        {"defocus_blur", "Defocus blur", "blur"},
        {"glass_blur", "Glass blur", "blur"},
        {"motion_blur", "Motion blur", "blur"},
        {"zoom_blur", "Zoom blur", "blur"},
        {"snow", "Snow", "weather"},
        {"frost", "Frost", "weather"},
        {"fog", "Fog", "weather"},
        {"brightness", "Brightness", "weather"},
        {"contrast", "Contrast", "digital"},
        {"elastic_transform", "Elastic transform", "digital"},
        {"pixelate", "Pixelate", "digital"},
        {"jpeg_compression", "JPEG", "digital"},
    };
    return list;
}

int corruptionIndex(const std::string &name)
{
    const auto &list = corruptionList();
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].name == name)
            return int(i);
    return -1;
}

std::vector<std::string> corruptionFamilies()
{
    return {"noise", "blur", "weather", "digital"};
}

std::vector<uint8_t> corruptImage(const uint8_t *planar, int channels, int height, int width,
                                  int corruption, int severity, uint64_t seed)
{
    Rng rng(seeds::mix(seed, uint64_t(corruption) * 8 + uint64_t(severity)));
    const cv::Mat x = toFloat(planar, channels, height, width);
    return toPlanar(applyCorruption(x, corruption, std::clamp(severity, 1, 5), rng));
}

Result<GeneratorTrainData> corruptImages(const GeneratorTrainData &images,
                                         const std::string &corruption, int severity, uint64_t seed,
                                         const ProgressFn &progress, const CancelToken *cancel,
                                         uint64_t firstIndex)
{
    const int index = corruptionIndex(corruption);
    if (index < 0)
        return makeError("unknown corruption '" + corruption + "'");
    if (severity < 1 || severity > 5)
        return makeError("severity must be 1 to 5, not " + std::to_string(severity));
    if (images.channels != 1 && images.channels != 3)
        return makeError("corruptions take gray or RGB images, not " +
                         std::to_string(images.channels) + " channels");
    GeneratorTrainData out = images;
    const size_t size = size_t(images.channels) * images.height * images.width;
    for (size_t i = 0; i < images.count(); ++i) {
        if ((i & 255) == 0) {
            if (isCancelled(cancel))
                return makeError("cancelled");
            reportProgress(progress, double(i) / double(images.count()), "Corrupting images");
        }
        const std::vector<uint8_t> c =
            corruptImage(images.pixels.data() + i * size, images.channels, images.height,
                         images.width, index, severity, seeds::mix(seed, firstIndex + i));
        std::copy(c.begin(), c.end(), out.pixels.begin() + std::ptrdiff_t(i * size));
    }
    return out;
}

std::vector<uint8_t> frostTexture(int height, int width, uint64_t seed)
{
    cv::Mat f = makeFrost(height, width, seed);
    return toPlanar(f);
}

} // namespace synset
