#pragma once
// Multi-fidelity benchmark functions: several versions of one quantity, from cheap and biased
// (low fidelity) to expensive and accurate (high fidelity). Each evaluates a whole batch
// (rows of X are points) and is defined wherever the formula is; the boxes are in
// multi_fidelity_problem.cpp. Formulas (x = (x1, …, xd)):
//
// Nonlinear pair (Perdikaris et al. 2017, "Nonlinear information fusion algorithms for
// data-efficient multi-fidelity modelling"), x ∈ [0, 1]:
//   f_L(x) = sin(8πx)
//   f_H(x) = (x − √2) · f_L(x)²                       (a nonlinear map of f_L: no ρ fits)
//
// Currin (Currin et al. 1988; low fidelity of Xiong, Qian & Wu 2013), x ∈ [0, 1]²:
//   f_H(x) = [1 − exp(−1/(2 x2))] · (2300x1³ + 1900x1² + 2092x1 + 60)
//                                   / (100x1³ + 500x1² + 4x1 + 20)      (factor 1 at x2 = 0)
//   f_L(x) = ¼[f_H(x1 + h, x2 + h) + f_H(x1 + h, max(0, x2 − h))
//            + f_H(x1 − h, x2 + h) + f_H(x1 − h, max(0, x2 − h))],  h = 0.05
//
// Park (Park 1991; low fidelity of Xiong et al. 2013), x ∈ [0, 1]⁴:
//   f_H(x) = (x1/2)[√(1 + (x2 + x3²) x4/x1²) − 1] + (x1 + 3x4) exp(1 + sin x3)
//          evaluated as ½(√(x1² + (x2 + x3²) x4) − x1), the same for x1 > 0 and continuous
//          at x1 = 0 (the first term's limit there is ½√((x2 + x3²) x4))
//   f_L(x) = (1 + sin(x1)/10) f_H(x) − 2x1 + x2² + x3² + 0.5
//
// Borehole (Harper & Gupta 1983; low fidelity of Xiong et al. 2013), 8-D water flow through a
// borehole, x = (r_w, r, T_u, H_u, T_l, H_l, L, K_w):
//   f_H(x) = 2π T_u (H_u − H_l) / (ln(r/r_w) [1 + 2 L T_u/(ln(r/r_w) r_w² K_w) + T_u/T_l])
//   f_L(x) =  5 T_u (H_u − H_l) / (ln(r/r_w) [1.5 + 2 L T_u/(ln(r/r_w) r_w² K_w) + T_u/T_l])
//
// Three-level Branin (Perdikaris et al. 2017), x ∈ [−5, 10] × [0, 15], with the standard
// Branin b(x) = (x2 − 5.1x1²/(4π²) + 5x1/π − 6)² + 10(1 − 1/(8π)) cos x1 + 10 (> 0 everywhere):
//   f_3(x) = b(x)                                                       (high)
//   f_2(x) = 10 √(b(x − 2)) + 2(x1 − 0.5) − 3(3x2 − 1) − 1             (medium; x − 2 shifts
//                                                                        both coordinates)
//   f_1(x) = f_2(1.2 (x + 2)) − 3x2 + 1                                 (low)
//
// Three-level Hartmann 3-D (Song, Chen & Yue 2019, "A general framework for multi-fidelity
// Bayesian optimization with Gaussian processes"), x ∈ [0, 1]³: the Hartmann formula
// −Σ_i α'_i exp(−Σ_j A_ij (x_j − P_ij)²) with the standard A and P and its well weights moved
// at the lower levels, α' = α + (3 − m) δ for level m = 1 (low), 2, 3 (high), where
// α = (1, 1.2, 3, 3.2) and δ = (0.01, −0.01, −0.1, 0.1).
//
// Formula One wing (defined for this project's lesson, not from the literature): the lap time in
// seconds against the rear wing's angle θ ∈ [0°, 30°]. More wing gives downforce (faster
// corners, saturating) and drag (slower straights, growing), until the wing stalls. With the
// logistic s(z) = 1/(1 + e^{−z}):
//   track  f_3(θ) = 80 + 0.0035θ² − 3.2(1 − e^{−θ/7}) + 1.2 s(θ − 23) + 0.12 sin(θ/1.7)
//          (the truth; measured with noise of sd 0.05 s: tyres, wind, the driver)
//   tunnel f_2(θ) = 0.85[80 + 0.0035θ² − 3.2(1 − e^{−θ/6.5}) + 1.2 s(θ − 21.5)] + 12 + 0.015θ
//          (a scale model: biased and rescaled, stalls early, misses the mechanical ripple;
//          noise sd 0.03 s)
//   CFD    f_1(θ) = 80.3 + 0.0035θ² − 3(1 − e^{−θ/6})
//          (steady flow: smooth, no stall, no noise)
// The track's least time is 77.86 s at θ ≈ 9.6°, with a second dip of 78.02 s near 16° (the
// ripple); the tunnel and CFD put their best near 11°.

#include "engine/core/types.h"

namespace emu::mf {

/// sin(8πx), the low fidelity of the nonlinear pair (X: n×1).
Vector nonlinearSinLow(const Matrix& X);
/// (x − √2)·sin²(8πx), the high fidelity of the nonlinear pair (X: n×1).
Vector nonlinearSinHigh(const Matrix& X);
/// Currin's exponential function (X: n×2).
Vector currinHigh(const Matrix& X);
/// The four-point average low fidelity of Currin (X: n×2).
Vector currinLow(const Matrix& X);
/// Park's function (X: n×4).
Vector parkHigh(const Matrix& X);
/// Park's low fidelity (X: n×4).
Vector parkLow(const Matrix& X);
/// Borehole water flow rate (X: n×8, columns r_w, r, T_u, H_u, T_l, H_l, L, K_w).
Vector boreholeHigh(const Matrix& X);
/// Borehole's low fidelity (X: n×8).
Vector boreholeLow(const Matrix& X);
/// Branin, the high fidelity of the three-level Branin (X: n×2).
Vector braninHigh(const Matrix& X);
/// The medium fidelity of the three-level Branin (X: n×2).
Vector braninMedium(const Matrix& X);
/// The low fidelity of the three-level Branin (X: n×2).
Vector braninLow(const Matrix& X);
/// Level `level` (0 low, 1 medium, 2 high) of the three-level Hartmann 3-D (X: n×3).
Vector hartmann3Level(const Matrix& X, int level);
/// Level `level` (0 CFD, 1 wind tunnel, 2 track) of the Formula One wing, noiseless (X: n×1).
Vector formulaOneLevel(const Matrix& X, int level);

} // namespace emu::mf
