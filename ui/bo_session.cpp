#include "ui/bo_session.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"
#include "ui/jobs/job_runner.h"

namespace ui {

BoObjective benchmarkObjective(const std::string& functionId, emu::Index dimension)
{
    std::shared_ptr<const emu::TestFunction> function = emu::makeFunction(functionId, dimension);
    BoObjective objective;
    objective.id = QString::fromStdString(functionId);
    objective.name = QString::fromStdString(function->displayName());
    objective.space = function->space();
    objective.minimum = function->minimumValue();
    objective.evaluate = [function](const emu::Matrix& X) { return function->evaluate(X); };
    return objective;
}

BoSession::BoSession(JobRunner* jobs, const QString& jobKey, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_jobKey(jobKey)
{
}

BoSession::~BoSession() = default;

void BoSession::createLoop(const std::string& acquisitionId, std::uint64_t seed, const std::string& kernelId)
{
    emu::LoopSettings settings;
    settings.seed = seed;
    m_loop = std::make_unique<emu::BayesianOptimizationLoop>(
        m_objective.space, emu::makeBayesianOptimizationModel(m_objective.space.dimension(), kernelId),
        emu::makeAcquisition(acquisitionId), settings);
    m_suggestion.resize(0, m_objective.space.dimension());
}

void BoSession::start(const BoObjective& objective, const std::string& acquisitionId, int initialPoints,
                      std::uint64_t seed, const std::string& kernelId)
{
    m_objective = objective;
    ++m_generation;
    m_evaluating = false;
    createLoop(acquisitionId, seed, kernelId);
    emit changed();
    evaluate(emu::makeDesign("lhs", objective.space, initialPoints, seed));
}

void BoSession::startFrom(const BoObjective& objective, const std::string& acquisitionId, const emu::Matrix& X,
                          const emu::Vector& y, std::uint64_t seed, const std::string& kernelId)
{
    m_objective = objective;
    ++m_generation;
    m_evaluating = false;
    m_jobs->cancel(m_jobKey);
    createLoop(acquisitionId, seed, kernelId);
    m_loop->observe(X, y);
    suggest();
}

void BoSession::step()
{
    if (!m_loop || m_evaluating || m_suggestion.rows() == 0)
        return;
    evaluate(m_suggestion);
}

void BoSession::evaluateAt(const emu::Matrix& X)
{
    if (!m_loop || m_evaluating)
        return;
    evaluate(X);
}

void BoSession::evaluate(const emu::Matrix& X)
{
    m_evaluating = true;
    const auto function = m_objective.evaluate;
    const quint64 generation = m_generation;
    m_jobs->run(m_jobKey, tr("Evaluating %1").arg(m_objective.name),
                [function, X](emu::Progress&) { return function(X); },
                [this, X, generation](emu::Vector y) {
                    if (generation != m_generation)
                        return;
                    m_evaluating = false;
                    try {
                        // A point the user chose in place of the suggestion completes the
                        // pending iteration too: its record keeps both.
                        m_loop->observe(X, y);
                    } catch (const emu::Error& e) {
                        emit failed(QString::fromUtf8(e.what()));
                    }
                    suggest();
                },
                [this, generation](const QString& error) {
                    // Failed or cancelled: the evaluation is over and the history untouched.
                    if (generation != m_generation)
                        return;
                    m_evaluating = false;
                    if (!error.isEmpty())
                        emit failed(error);
                    emit changed();
                });
}

void BoSession::suggest()
{
    if (!m_loop || m_loop->state().size() == 0)
        return;
    try {
        m_suggestion = m_loop->suggest();
    } catch (const emu::Error& e) {
        m_suggestion.resize(0, m_objective.space.dimension());
        emit failed(QString::fromUtf8(e.what()));
    }
    emit changed();
}

void BoSession::setAcquisition(const std::string& acquisitionId)
{
    if (!m_loop)
        return;
    m_loop->setAcquisition(emu::makeAcquisition(acquisitionId));
    suggest();
}

void BoSession::setAcquisitionParameter(const std::string& name, double value)
{
    if (!m_loop)
        return;
    m_loop->acquisition().setParameter(name, value);
    suggest();
}

} // namespace ui
