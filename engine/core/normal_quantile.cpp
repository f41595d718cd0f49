#include "engine/core/normal_quantile.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace emu {

double normalQuantile(double p)
{
    const double q = std::min(p, 1.0 - p);
    const double t = std::sqrt(-2.0 * std::log(q));
    double z = t - (2.515517 + t * (0.802853 + t * 0.010328)) /
                       (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
    if (p < 0.5)
        z = -z;
    for (int i = 0; i < 4; ++i) {
        const double cdf = 0.5 * std::erfc(-z * std::numbers::sqrt2 / 2.0);
        const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
        z -= (cdf - p) / pdf;
    }
    return z;
}

} // namespace emu
