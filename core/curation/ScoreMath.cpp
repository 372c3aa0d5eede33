#include "ScoreMath.h"

#include "common/Seeds.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/nn.h>

#include <algorithm>
#include <cmath>

namespace synset::curation {

namespace {

torch::Tensor view(const std::vector<float> &rows, int dim)
{
    return torch::from_blob(const_cast<float *>(rows.data()), {int64_t(rows.size()) / dim, dim},
                            torch::kFloat32);
}

// Squared distances between the rows of a (m*d) and b (n*d), clamped at zero, in float64 so that
// near-identical rows do not come out slightly negative or large from cancellation.
torch::Tensor squaredDistances(const torch::Tensor &a, const torch::Tensor &b)
{
    const torch::Tensor a64 = a.to(torch::kFloat64), b64 = b.to(torch::kFloat64);
    const torch::Tensor aa = a64.pow(2).sum(1, true);
    const torch::Tensor bb = b64.pow(2).sum(1, true).t();
    return (aa + bb - 2 * a64.mm(b64.t())).clamp_min(0);
}

// The k smallest distances from each query row to the reference rows, ascending, by blocks of
// queries so that memory stays bounded for large sets.
torch::Tensor smallestDistances(const torch::Tensor &query, const torch::Tensor &reference, int k,
                                bool same, torch::Tensor *indices = nullptr)
{
    const int64_t m = query.size(0), n = reference.size(0);
    const int64_t kk = std::min<int64_t>(k, same ? n - 1 : n);
    torch::Tensor values = torch::empty({m, std::max<int64_t>(kk, 0)}, torch::kFloat64);
    torch::Tensor idx = torch::empty({m, std::max<int64_t>(kk, 0)}, torch::kInt64);
    if (kk <= 0)
        return values;
    const int64_t block = 1024;
    for (int64_t i = 0; i < m; i += block) {
        const int64_t b = std::min(block, m - i);
        torch::Tensor d = squaredDistances(query.narrow(0, i, b), reference);
        if (same)
            d.narrow(1, i, b).diagonal().fill_(std::numeric_limits<double>::infinity());
        auto [v, ix] = d.topk(kk, 1, /*largest=*/false, /*sorted=*/true);
        values.narrow(0, i, b).copy_(v.sqrt());
        idx.narrow(0, i, b).copy_(ix);
    }
    if (indices)
        *indices = idx;
    return values;
}

} // namespace

ProbabilityScores probabilityScores(const float *p, int classes, int label)
{
    ProbabilityScores s;
    if (label < 0 || label >= classes)
        return s;
    s.selfConfidence = p[label];
    double other = 0;
    for (int j = 0; j < classes; ++j) {
        if (j != label)
            other = std::max(other, double(p[j]));
        if (p[j] > 0)
            s.entropy -= double(p[j]) * std::log(double(p[j]));
    }
    s.margin = (s.selfConfidence - other + 1) / 2;
    return s;
}

void normalizeRows(std::vector<float> &rows, int dim)
{
    for (size_t r = 0; r + size_t(dim) <= rows.size(); r += size_t(dim)) {
        double sum = 0;
        for (int j = 0; j < dim; ++j)
            sum += double(rows[r + size_t(j)]) * rows[r + size_t(j)];
        if (sum <= 0)
            continue;
        const float inv = float(1 / std::sqrt(sum));
        for (int j = 0; j < dim; ++j)
            rows[r + size_t(j)] *= inv;
    }
}

std::vector<float> meanKnnDistance(const std::vector<float> &query,
                                   const std::vector<float> &reference, int dim, int k, bool same)
{
    torch::NoGradGuard guard;
    const int64_t m = int64_t(query.size()) / dim;
    std::vector<float> out(size_t(m), 0.0f);
    if (m == 0 || reference.empty())
        return out;
    const torch::Tensor d = smallestDistances(view(query, dim), view(reference, dim), k, same);
    if (d.size(1) == 0)
        return out;
    const torch::Tensor mean = d.mean(1).to(torch::kFloat32).contiguous();
    std::copy_n(mean.data_ptr<float>(), m, out.begin());
    return out;
}

Neighbours neighbourScores(const std::vector<float> &rows, int dim)
{
    torch::NoGradGuard guard;
    const int64_t n = int64_t(rows.size()) / dim;
    Neighbours out;
    out.uniqueness.assign(size_t(n), 0.0f);
    out.nearest.assign(size_t(n), -1);
    out.nearestDistance.assign(size_t(n), 0.0f);
    if (n < 2)
        return out;
    torch::Tensor idx;
    const torch::Tensor d = smallestDistances(view(rows, dim), view(rows, dim), 3, true, &idx);
    const int64_t k = d.size(1);
    // Weights 0.6, 0.3, 0.1 for the 1st, 2nd and 3rd neighbour; with fewer neighbours the ones
    // there are keep their weights (a set of two uses 0.6 d1).
    const double weights[3] = {0.6, 0.3, 0.1};
    const auto da = d.accessor<double, 2>();
    const auto ia = idx.accessor<int64_t, 2>();
    double maxScore = 0;
    std::vector<double> score(size_t(n), 0);
    for (int64_t i = 0; i < n; ++i) {
        for (int64_t j = 0; j < k; ++j)
            score[size_t(i)] += weights[j] * da[i][j];
        maxScore = std::max(maxScore, score[size_t(i)]);
        out.nearest[size_t(i)] = int(ia[i][0]);
        out.nearestDistance[size_t(i)] = float(da[i][0]);
    }
    for (int64_t i = 0; i < n; ++i)
        out.uniqueness[size_t(i)] = maxScore > 0 ? float(score[size_t(i)] / maxScore) : 0.0f;
    return out;
}

double medianNearestDistance(const std::vector<float> &rows, int dim)
{
    torch::NoGradGuard guard;
    if (int64_t(rows.size()) / dim < 2)
        return 0;
    const torch::Tensor d = smallestDistances(view(rows, dim), view(rows, dim), 1, true);
    return d.select(1, 0).median().item<double>();
}

GaussianStats::GaussianStats(int dim)
    : m_dim(dim)
    , m_mean(size_t(dim), 0.0)
    , m_m2(size_t(dim) * size_t(dim), 0.0)
{}

void GaussianStats::add(const float *rows, int64_t count)
{
    if (count <= 0 || m_dim <= 0)
        return;
    torch::NoGradGuard guard;
    const torch::Tensor x =
        torch::from_blob(const_cast<float *>(rows), {count, m_dim}, torch::kFloat32)
            .to(torch::kFloat64);
    const torch::Tensor batchMean = x.mean(0);
    const torch::Tensor xc = x - batchMean;
    const torch::Tensor batchM2 = xc.t().mm(xc);
    torch::Tensor mean = torch::from_blob(m_mean.data(), {m_dim}, torch::kFloat64);
    torch::Tensor m2 = torch::from_blob(m_m2.data(), {m_dim, m_dim}, torch::kFloat64);
    const double na = double(m_count), nb = double(count), n = na + nb;
    const torch::Tensor delta = batchMean - mean;
    m2.add_(batchM2).add_(delta.outer(delta), na * nb / n);
    mean.add_(delta, nb / n);
    m_count += count;
}

std::vector<double> GaussianStats::covariance() const
{
    std::vector<double> cov(m_m2.size(), 0.0);
    if (m_count >= 2)
        for (size_t i = 0; i < cov.size(); ++i)
            cov[i] = m_m2[i] / double(m_count - 1);
    return cov;
}

double frechetDistance(const std::vector<float> &a, const std::vector<float> &b, int dim)
{
    GaussianStats sa(dim), sb(dim);
    sa.add(a);
    sb.add(b);
    return frechetDistance(sa, sb);
}

double frechetDistance(const GaussianStats &a, const GaussianStats &b)
{
    torch::NoGradGuard guard;
    const int64_t dim = a.dim();
    if (dim <= 0 || b.dim() != dim)
        return 0;
    const auto tensor = [](std::vector<double> v, std::vector<int64_t> shape) {
        return torch::from_blob(v.data(), shape, torch::kFloat64).clone();
    };
    const torch::Tensor mu1 = tensor(a.mean(), {dim}), mu2 = tensor(b.mean(), {dim});
    const torch::Tensor s1 = tensor(a.covariance(), {dim, dim});
    const torch::Tensor s2 = tensor(b.covariance(), {dim, dim});
    // Tr(sqrt(S1 S2)) = sum sqrt(eig(sqrt(S1) S2 sqrt(S1))), all symmetric: stable with eigh.
    const auto [e1, v1] = torch::linalg_eigh(s1);
    const torch::Tensor sqrt1 = v1.mm(torch::diag(e1.clamp_min(0).sqrt())).mm(v1.t());
    const torch::Tensor m = sqrt1.mm(s2).mm(sqrt1);
    const torch::Tensor ev = torch::linalg_eigvalsh(0.5 * (m + m.t()));
    const double trSqrt = ev.clamp_min(0).sqrt().sum().item<double>();
    const double diff = (mu1 - mu2).pow(2).sum().item<double>();
    return std::max(0.0, diff + s1.trace().item<double>() + s2.trace().item<double>() - 2 * trSqrt);
}

double kernelInceptionDistance(const std::vector<float> &a, const std::vector<float> &b, int dim,
                               int subsets, int subsetSize, uint64_t seed, double *std)
{
    torch::NoGradGuard guard;
    const torch::Tensor x = view(a, dim).to(torch::kFloat64);
    const torch::Tensor y = view(b, dim).to(torch::kFloat64);
    const int64_t m = std::min<int64_t>({x.size(0), y.size(0), subsetSize});
    if (m < 2) {
        if (std)
            *std = 0;
        return 0;
    }
    const auto kernel = [dim](const torch::Tensor &p, const torch::Tensor &q) {
        return (p.mm(q.t()) / double(dim) + 1).pow(3);
    };
    // Draw without replacement; a subset that is the whole set needs only one draw.
    const bool whole = m == x.size(0) && m == y.size(0);
    const int draws = whole ? 1 : std::max(1, subsets);
    at::Generator g = at::detail::createCPUGenerator(seeds::mix(seed, 0x4b4944));
    std::vector<double> values;
    for (int s = 0; s < draws; ++s) {
        const torch::Tensor xs =
            m == x.size(0) ? x : x.index_select(0, torch::randperm(x.size(0), g).narrow(0, 0, m));
        const torch::Tensor ys =
            m == y.size(0) ? y : y.index_select(0, torch::randperm(y.size(0), g).narrow(0, 0, m));
        const torch::Tensor kxx = kernel(xs, xs), kyy = kernel(ys, ys), kxy = kernel(xs, ys);
        const double sxx = (kxx.sum() - kxx.diagonal().sum()).item<double>();
        const double syy = (kyy.sum() - kyy.diagonal().sum()).item<double>();
        const double sxy = kxy.sum().item<double>();
        const double md = double(m);
        values.push_back((sxx + syy) / (md * (md - 1)) - 2 * sxy / (md * md));
    }
    double mean = 0;
    for (double v : values)
        mean += v;
    mean /= double(values.size());
    if (std) {
        double var = 0;
        for (double v : values)
            var += (v - mean) * (v - mean);
        *std = values.size() > 1 ? std::sqrt(var / double(values.size() - 1)) : 0.0;
    }
    return mean;
}

double meanPairwiseDistance(const std::vector<float> &rows, int dim)
{
    torch::NoGradGuard guard;
    const int64_t n = int64_t(rows.size()) / dim;
    if (n < 2)
        return 0;
    const torch::Tensor x = view(rows, dim);
    double sum = 0;
    const int64_t block = 1024;
    for (int64_t i = 0; i < n; i += block) {
        const int64_t b = std::min(block, n - i);
        sum += squaredDistances(x.narrow(0, i, b), x).sqrt().sum().item<double>();
    }
    // The diagonal contributes zeros; every pair is counted twice.
    return sum / (double(n) * double(n - 1));
}

} // namespace synset::curation
