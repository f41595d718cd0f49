#pragma once
// Acquisition functions of Bayesian optimisation and experimental design.
//
// Conventions (the Emukit ones):
// - Objectives are MINIMISED; acquisitions are MAXIMISED. "Improvement" means a lower value.
// - Batch evaluation: evaluate(model, X) takes n candidate points (rows of X, n×d) and returns n
//   values; gradient(model, X) returns the n×d matrix whose row i is ∂a(x_i)/∂x_i. Both use the
//   model's batch predict()/predictGradient(), never one point at a time.
// - An acquisition that depends on more than the model's marginals (the y* samples of MES, the
//   reference points of IVR) precomputes it in update(model, space, seed). Whoever changes the
//   model (new data, new hyperparameters) calls update() before evaluating again; the loop does.
//   The cheap ones (EI, PI, LCB, variance) need no update.
//
// Most acquisitions are a function a(μ, v) of the predictive mean μ(x) and latent variance
// v(x) = σ²(x) only (MarginalAcquisition). Their gradient is the chain rule
//   ∂a/∂x = ∂a/∂μ · ∂μ/∂x + ∂a/∂v · ∂v/∂x
// with ∂μ/∂x and ∂v/∂x from Model::predictGradient. Working with v rather than σ keeps the
// gradient finite where σ → 0 (at noise-free observations).
//
// Every value and gradient is finite: σ = 0, huge standardised distances and flat regions give
// 0 (or the exact limit), never NaN.

#include "engine/core/types.h"
#include "engine/model/model.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emu {

class ParameterSpace;

/// A tunable setting of an acquisition (ξ, β, number of samples, …).
struct AcquisitionParameter
{
    std::string name;        ///< key for parameter()/setParameter(), e.g. "jitter"
    std::string displayName; ///< for forms, e.g. "Jitter ξ"
    std::string description; ///< one sentence for tooltips
    double defaultValue = 0.0;
    double lower = 0.0;   ///< smallest allowed value
    double upper = 0.0;   ///< largest allowed value
    bool integer = false; ///< whether only whole numbers are meaningful (sample counts)
};

/// Abstract acquisition function (to be maximised); see the file comment for conventions.
class Acquisition
{
public:
    virtual ~Acquisition() = default;

    /// A deep copy, including parameters and anything update() precomputed.
    virtual std::unique_ptr<Acquisition> clone() const = 0;
    /// Registry id, e.g. "ei".
    virtual std::string id() const = 0;
    /// Name for menus and legends, e.g. "Expected improvement".
    virtual std::string displayName() const = 0;
    /// Whether every value is ≥ 0 (local penalisation then multiplies it directly instead of
    /// passing it through a softplus first).
    virtual bool isNonNegative() const { return true; }

    /// Precomputes what depends on the model beyond its marginals; `seed` makes random parts
    /// (MES's y* samples, IVR's reference points) reproducible. Default: nothing to do.
    virtual void update(const Model& model, const ParameterSpace& space, std::uint64_t seed);

    /// a(x_i) for every row of X (n×d): length n.
    virtual Vector evaluate(const Model& model, const Matrix& X) const = 0;
    /// ∂a(x_i)/∂x_i for every row of X: n×d.
    Matrix gradient(const Model& model, const Matrix& X) const;
    /// Values and gradients together, sharing one prediction (what optimisers call).
    virtual Vector evaluateWithGradient(const Model& model, const Matrix& X,
                                        Matrix& gradient) const = 0;

    /// The tunable settings, in display order.
    const std::vector<AcquisitionParameter>& parameterInfo() const { return m_info; }
    /// Current value of the named parameter; throws InvalidInput listing the names if unknown.
    double parameter(const std::string& name) const;
    /// Sets the named parameter; throws InvalidInput if unknown or outside [lower, upper].
    void setParameter(const std::string& name, double value);

protected:
    /// Declares the parameters; each starts at its default.
    explicit Acquisition(std::vector<AcquisitionParameter> parameters = {});
    Acquisition(const Acquisition&) = default;
    Acquisition& operator=(const Acquisition&) = default;

    /// Value of parameter i (in parameterInfo() order).
    double parameterValue(std::size_t i) const { return m_values[i]; }
    /// Hook after a successful setParameter (e.g. to invalidate precomputed state).
    virtual void parameterChanged(std::size_t /*index*/) {}
    /// Throws InvalidInput unless X has the model's column count and finite entries.
    static void checkCandidates(const Model& model, const Matrix& X);

private:
    std::size_t indexOf(const std::string& name) const;

    std::vector<AcquisitionParameter> m_info;
    std::vector<double> m_values;
};

/// An acquisition that is a function a(μ, v) of the predictive marginals only.
class MarginalAcquisition : public Acquisition
{
public:
    Vector evaluate(const Model& model, const Matrix& X) const override;
    Vector evaluateWithGradient(const Model& model, const Matrix& X,
                                Matrix& gradient) const override;

protected:
    using Acquisition::Acquisition;

    /// Values a(μ_i, v_i) for the latent marginals p; if dMean/dVariance are non-null, fills
    /// them with ∂a/∂μ_i and ∂a/∂v_i. `model` gives context such as the best observation.
    virtual Vector fromMarginals(const Model& model, const Prediction& p, Vector* dMean,
                                 Vector* dVariance) const = 0;
};

/// The smallest observed output of the model's data; throws InvalidInput if it has no data.
double bestObservedValue(const Model& model);

} // namespace emu
