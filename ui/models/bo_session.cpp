#include "ui/models/bo_session.h"

#include "engine/bo/acquisition_registry.h"
#include "engine/bo/run_bayesian_optimization.h"
#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"
#include "engine/design/designs.h"
#include "engine/functions/function_registry.h"
#include "engine/gp/gaussian_process.h"
#include "ui/base/job_runner.h"

#include <cmath>

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

void BoSession::createRun(const std::string& acquisitionId, std::uint64_t seed, const std::string& kernelId,
                          const emu::Matrix& design)
{
    emu::LoopSettings settings;
    settings.seed = seed;
    m_run = std::make_unique<emu::BoRun>(
        emu::BayesianOptimizationLoop(
            m_objective.space, emu::makeBayesianOptimizationModel(m_objective.space.dimension(), kernelId),
            emu::makeAcquisition(acquisitionId), settings),
        design);
    m_suggestion.resize(0, m_objective.space.dimension());
}

void BoSession::start(const BoObjective& objective, const std::string& acquisitionId, int initialPoints,
                      std::uint64_t seed, const std::string& kernelId)
{
    m_objective = objective;
    ++m_generation;
    m_evaluating = false;
    createRun(acquisitionId, seed, kernelId, emu::makeDesign("lhs", objective.space, initialPoints, seed));
    emit changed();
    evaluate(m_run->remainingDesign());
}

void BoSession::startFrom(const BoObjective& objective, const std::string& acquisitionId, const emu::Matrix& X,
                          const emu::Vector& y, std::uint64_t seed, const std::string& kernelId)
{
    m_objective = objective;
    ++m_generation;
    m_evaluating = false;
    m_jobs->cancel(m_jobKey);
    createRun(acquisitionId, seed, kernelId, emu::Matrix(0, objective.space.dimension()));
    m_run->tell(X, y);
    suggest();
}

void BoSession::step()
{
    if (!m_run || m_evaluating || m_suggestion.rows() == 0)
        return;
    evaluate(m_suggestion);
}

void BoSession::evaluateAt(const emu::Matrix& X)
{
    if (!m_run || m_evaluating)
        return;
    m_run->endDesign(); // the user's points replace a design whose evaluation failed
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
                        m_run->tell(X, y);
                        emit evaluated();
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
    if (!m_run || m_run->inDesign() || m_run->evaluationCount() == 0)
        return;
    try {
        m_suggestion = m_run->propose();
    } catch (const emu::Error& e) {
        m_suggestion.resize(0, m_objective.space.dimension());
        emit failed(QString::fromUtf8(e.what()));
    }
    emit changed();
}

QString BoSession::historyCsv() const
{
    QString csv;
    for (const std::string& name : m_objective.space.names())
        csv += QString::fromStdString(name) + QLatin1Char(',');
    csv += QStringLiteral("y,best_so_far\n");
    if (!m_run)
        return csv;
    const emu::BoState& state = loop().state();
    for (emu::Index i = 0; i < state.size(); ++i) {
        for (emu::Index j = 0; j < state.X.cols(); ++j)
            csv += QString::number(state.X(i, j), 'g', 17) + QLatin1Char(',');
        csv += QStringLiteral("%1,%2\n").arg(state.y(i), 0, 'g', 17).arg(state.bestSoFar(i), 0, 'g', 17);
    }
    return csv;
}

QJsonArray BoSession::historyJson() const
{
    QJsonArray rows;
    if (!m_run)
        return rows;
    const emu::BoState& state = loop().state();
    for (emu::Index i = 0; i < state.size(); ++i) {
        QJsonArray row;
        for (emu::Index j = 0; j < state.X.cols(); ++j)
            row.append(state.X(i, j));
        row.append(state.y(i));
        rows.append(row);
    }
    return rows;
}

QString BoSession::importCsv(const QString& csvText, const QString& sourceName, std::uint64_t seed)
{
    if (!m_run || m_evaluating)
        return tr("An evaluation is running: import once it is done.");
    emu::RegressionData data;
    try {
        data = emu::toRegressionData(emu::parseCsv(csvText.toStdString(), sourceName.toStdString()),
                                     sourceName.toStdString());
    } catch (const emu::Error& e) {
        return QString::fromUtf8(e.what());
    }
    const emu::ParameterSpace& space = m_objective.space;
    if (data.X.cols() != space.dimension())
        return tr("%1 has %2 input columns; %3 takes %4 (the inputs, then the value).")
            .arg(sourceName)
            .arg(data.X.cols())
            .arg(m_objective.name)
            .arg(space.dimension());
    for (emu::Index i = 0; i < data.X.rows(); ++i)
        if (!space.contains(emu::Matrix(data.X.row(i))))
            return tr("%1, point %2: outside the domain of %3.").arg(sourceName).arg(i + 1).arg(m_objective.name);
    startFrom(m_objective, loop().acquisition().id(), data.X, data.y, seed);
    return {};
}

QString BoSession::parseHistory(const QJsonArray& rows, const emu::ParameterSpace& space, emu::Matrix& X,
                                emu::Vector& y)
{
    if (rows.isEmpty())
        return tr("the session has no evaluated points");
    const emu::Index d = space.dimension();
    X.resize(rows.size(), d);
    y.resize(rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonArray row = rows[i].toArray();
        if (row.size() != d + 1)
            return tr("point %1 is not %2 numbers").arg(i + 1).arg(d + 1);
        for (emu::Index j = 0; j < d; ++j)
            X(i, j) = row.at(j).toDouble(std::nan(""));
        y(i) = row.at(d).toDouble(std::nan(""));
        if (!X.row(i).allFinite() || !std::isfinite(y(i)))
            return tr("point %1 is not %2 numbers").arg(i + 1).arg(d + 1);
        if (!space.contains(emu::Matrix(X.row(i))))
            return tr("point %1 lies outside the objective's domain").arg(i + 1);
    }
    return {};
}

void BoSession::setAcquisition(const std::string& acquisitionId)
{
    if (!m_run)
        return;
    m_run->loop().setAcquisition(emu::makeAcquisition(acquisitionId));
    m_run->reconsider();
    suggest();
}

void BoSession::setAcquisitionParameter(const std::string& name, double value)
{
    if (!m_run)
        return;
    m_run->loop().acquisition().setParameter(name, value);
    m_run->reconsider();
    suggest();
}

} // namespace ui
