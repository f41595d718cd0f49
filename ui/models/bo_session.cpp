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

void BoSession::startFrom(const BoObjective& objective, const std::string& acquisitionId, const BoHistory& history,
                          std::uint64_t seed, const std::string& kernelId)
{
    m_objective = objective;
    ++m_generation;
    m_evaluating = false;
    m_jobs->cancel(m_jobKey);
    createRun(acquisitionId, seed, kernelId, emu::Matrix(0, objective.space.dimension()));
    m_run->tell(history.X, history.y);
    m_run->loop().restoreIterations(history.iterations);
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

namespace {

QJsonArray rowJson(const emu::RowVector& row)
{
    QJsonArray json;
    for (emu::Index j = 0; j < row.size(); ++j)
        json.append(row(j));
    return json;
}

/// The numbers of a JSON array, or false if it has `size` items that are not all finite numbers.
bool readNumbers(const QJsonValue& value, emu::Index size, emu::RowVector& numbers)
{
    const QJsonArray items = value.toArray();
    if (items.size() != size)
        return false;
    numbers.resize(size);
    for (emu::Index j = 0; j < size; ++j)
        numbers(j) = items.at(j).toDouble(std::nan(""));
    return numbers.allFinite();
}

} // namespace

void BoSession::writeHistory(QJsonObject& state) const
{
    QJsonArray points, iterations;
    if (m_run) {
        const emu::BoState& history = loop().state();
        for (emu::Index i = 0; i < history.size(); ++i) {
            QJsonArray row = rowJson(history.X.row(i));
            row.append(history.y(i));
            points.append(row);
        }
        for (const emu::BoIteration& record : history.iterations) {
            QJsonArray suggested;
            for (emu::Index i = 0; i < record.suggested.rows(); ++i)
                suggested.append(rowJson(record.suggested.row(i)));
            iterations.append(QJsonObject{{"data_count", qint64(record.dataCount)},
                                          {"observed", qint64(record.values.size())},
                                          {"suggested", suggested},
                                          {"acquisition", rowJson(record.acquisitionValues.transpose())}});
        }
    }
    state.insert(QStringLiteral("points"), points);
    state.insert(QStringLiteral("iterations"), iterations);
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
    startFrom(m_objective, loop().acquisition().id(), BoHistory{data.X, data.y, {}}, seed);
    return {};
}

QString BoSession::readHistory(const QJsonObject& state, const emu::ParameterSpace& space, BoHistory& history)
{
    const QJsonArray rows = state.value(QStringLiteral("points")).toArray();
    if (rows.isEmpty())
        return tr("the session has no evaluated points");
    const emu::Index d = space.dimension();
    history.X.resize(rows.size(), d);
    history.y.resize(rows.size());
    emu::RowVector row;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!readNumbers(rows[i], d + 1, row))
            return tr("point %1 is not %2 numbers").arg(i + 1).arg(d + 1);
        history.X.row(i) = row.head(d);
        history.y(i) = row(d);
        if (!space.contains(emu::Matrix(history.X.row(i))))
            return tr("point %1 lies outside the objective's domain").arg(i + 1);
    }
    history.iterations.clear();
    const QJsonArray iterations = state.value(QStringLiteral("iterations")).toArray();
    for (qsizetype k = 0; k < iterations.size(); ++k) {
        const QJsonObject item = iterations[k].toObject();
        const QJsonArray suggested = item.value(QStringLiteral("suggested")).toArray();
        emu::BoIteration record;
        record.dataCount = emu::Index(item.value(QStringLiteral("data_count")).toInteger(-1));
        record.suggested.resize(suggested.size(), d);
        bool ok = !suggested.isEmpty();
        for (qsizetype i = 0; ok && i < suggested.size(); ++i) {
            ok = readNumbers(suggested[i], d, row);
            if (ok)
                record.suggested.row(i) = row;
        }
        ok = ok && readNumbers(item.value(QStringLiteral("acquisition")), suggested.size(), row);
        if (!ok)
            return tr("iteration %1 is not a data count, %2 suggested points and their acquisition values")
                .arg(k + 1)
                .arg(suggested.size());
        record.acquisitionValues = row.transpose();
        const qint64 observed = item.value(QStringLiteral("observed")).toInteger(-1);
        if (observed < 1 || observed > rows.size())
            return tr("iteration %1 does not say how many points it observed").arg(k + 1);
        record.values = emu::Vector::Zero(emu::Index(observed)); // read from the points on restoring
        history.iterations.push_back(std::move(record));
    }
    try {
        emu::requireIterationsTile(history.iterations, history.y.size(), d);
    } catch (const emu::InvalidInput& e) {
        return tr("the session's iterations do not match its points: %1").arg(QString::fromUtf8(e.what()));
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
