// The arithmetic of curation scores, on plain row-major float arrays (one row per image): scores
// from a classifier's softmax, nearest-neighbour distances, FiftyOne-style uniqueness, and the
// set distances (FID, KID, diversity) between synthetic and real images of a class.
#pragma once

#include <cstdint>
#include <vector>

namespace synset::curation {

struct ProbabilityScores
{
    double selfConfidence = 0; // p_k, the probability of the class that was asked for
    double margin = 0;         // (p_k - max_{j != k} p_j + 1) / 2, in [0, 1] (as cleanlab)
    double entropy = 0;        // -sum p log p, in nats
};
ProbabilityScores probabilityScores(const float *probabilities, int classes, int label);

// Scales every row of an n*dim array to unit length (rows of zeros stay zero).
void normalizeRows(std::vector<float> &rows, int dim);

// For each query row, the mean Euclidean distance to its k nearest reference rows. When the
// query set is the reference set, pass same = true so that a row is not its own neighbour.
std::vector<float> meanKnnDistance(const std::vector<float> &query,
                                   const std::vector<float> &reference, int dim, int k,
                                   bool same = false);

struct Neighbours
{
    std::vector<float> uniqueness; // 0.6 d1 + 0.3 d2 + 0.1 d3, divided by the set's maximum
    std::vector<int> nearest;      // index of the nearest other row (-1 for a set of one)
    std::vector<float> nearestDistance;
};
// Neighbours of each row within one set (FiftyOne's uniqueness: the 3 nearest, weighted).
Neighbours neighbourScores(const std::vector<float> &rows, int dim);

// The median distance from each row to its nearest other row (0 for fewer than two rows).
double medianNearestDistance(const std::vector<float> &rows, int dim);

// A Gaussian fitted to rows that arrive in batches (features as they stream out of a network):
// count, mean and the sum of squared deviations, merged batch by batch (Chan et al.'s pairwise
// update, in float64), so memory is dim*dim whatever the number of rows.
class GaussianStats
{
public:
    explicit GaussianStats(int dim = 0);
    void add(const float *rows, int64_t count); // count rows of dim floats
    void add(const std::vector<float> &rows) { add(rows.data(), int64_t(rows.size()) / m_dim); }
    int dim() const { return m_dim; }
    int64_t count() const { return m_count; }
    std::vector<double> mean() const { return m_mean; }
    // The unbiased covariance (dim*dim, row-major); zeros for fewer than two rows.
    std::vector<double> covariance() const;

private:
    int m_dim = 0;
    int64_t m_count = 0;
    std::vector<double> m_mean, m_m2;
};

// Fréchet distance between Gaussians fitted to the two sets (FID on these features).
double frechetDistance(const std::vector<float> &a, const std::vector<float> &b, int dim);
double frechetDistance(const GaussianStats &a, const GaussianStats &b);

// Kernel inception distance: the unbiased MMD^2 with the cubic polynomial kernel
// k(x, y) = (x.y / dim + 1)^3, averaged over `subsets` random subsets of at most subsetSize rows
// of each set. std (if given) receives the spread over the subsets.
double kernelInceptionDistance(const std::vector<float> &a, const std::vector<float> &b, int dim,
                               int subsets = 10, int subsetSize = 1000, uint64_t seed = 0,
                               double *std = nullptr);

// Mean distance over all pairs of distinct rows (0 for fewer than two rows).
double meanPairwiseDistance(const std::vector<float> &rows, int dim);

} // namespace synset::curation
