#include "engine/bo/acquisition.h"

#include "engine/core/errors.h"
#include "engine/core/matrix_checks.h"

#include <cmath>

namespace emu {

Acquisition::Acquisition(std::vector<AcquisitionParameter> parameters)
    : m_info(std::move(parameters))
{
    m_values.reserve(m_info.size());
    for (const AcquisitionParameter& p : m_info)
        m_values.push_back(p.defaultValue);
}

void Acquisition::update(const Model&, const ParameterSpace&, std::uint64_t) {}

Matrix Acquisition::gradient(const Model& model, const Matrix& X) const
{
    Matrix g;
    evaluateWithGradient(model, X, g);
    return g;
}

std::size_t Acquisition::indexOf(const std::string& name) const
{
    for (std::size_t i = 0; i < m_info.size(); ++i)
        if (m_info[i].name == name)
            return i;
    std::string valid;
    for (const AcquisitionParameter& p : m_info)
        valid += (valid.empty() ? "" : ", ") + p.name;
    throw InvalidInput("acquisition '" + id() + "' has no parameter '" + name + "'" +
                       (valid.empty() ? std::string(" (it has no parameters)")
                                      : "; its parameters are: " + valid));
}

double Acquisition::parameter(const std::string& name) const
{
    return m_values[indexOf(name)];
}

void Acquisition::setParameter(const std::string& name, double value)
{
    const std::size_t i = indexOf(name);
    const AcquisitionParameter& p = m_info[i];
    if (!std::isfinite(value) || value < p.lower || value > p.upper)
        throw InvalidInput("acquisition '" + id() + "': " + p.name + " must be in [" +
                           std::to_string(p.lower) + ", " + std::to_string(p.upper) + "], got " +
                           std::to_string(value));
    if (p.integer && value != std::round(value))
        throw InvalidInput("acquisition '" + id() + "': " + p.name +
                           " must be a whole number, got " + std::to_string(value));
    m_values[i] = value;
    parameterChanged(i);
}

void Acquisition::checkCandidates(const Model& model, const Matrix& X)
{
    requireColumns(X, model.inputDim(), "acquisition candidates");
    requireFinite(X, "acquisition candidates");
}

Vector MarginalAcquisition::evaluate(const Model& model, const Matrix& X) const
{
    checkCandidates(model, X);
    return fromMarginals(model, model.predict(X), nullptr, nullptr);
}

Vector MarginalAcquisition::evaluateWithGradient(const Model& model, const Matrix& X,
                                                 Matrix& gradient) const
{
    checkCandidates(model, X);
    const Prediction p = model.predict(X);
    const PredictionGradient pg = model.predictGradient(X);
    Vector dMean, dVariance;
    Vector value = fromMarginals(model, p, &dMean, &dVariance);
    gradient = pg.meanGradient.array().colwise() * dMean.array() +
               pg.varianceGradient.array().colwise() * dVariance.array();
    // A model may return a non-finite variance gradient exactly at a data point; the
    // acquisition is flat there in every direction that matters to an optimiser.
    for (Index i = 0; i < gradient.rows(); ++i)
        if (!gradient.row(i).allFinite())
            gradient.row(i).setZero();
    return value;
}

double bestObservedValue(const Model& model)
{
    if (model.outputs().size() == 0)
        throw InvalidInput("this acquisition needs at least one observation in the model");
    return model.outputs().minCoeff();
}

} // namespace emu
