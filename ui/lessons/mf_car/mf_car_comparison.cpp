#include "ui/lessons/mf_car/mf_car_comparison.h"

#include "engine/sim/simulator_registry.h"
#include "ui/base/job_runner.h"

#include <QJsonObject>

#include <algorithm>

namespace ui {

MfCarComparison::MfCarComparison(JobRunner* jobs, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_rows(emu::kMfComparisonRows)
{
}

QString MfCarComparison::rowName(int index) const
{
    const emu::MfEmulatorSettings& e = m_settings.emulator;
    switch (index) {
    case 0: // short: the table must fit without scrolling
        return tr("high fidelity only (%1)").arg(e.highCalls);
    case 1:
        return tr("high fidelity only (%1)").arg(e.lowCalls + e.highCalls);
    case 2:
        return tr("linear multi-fidelity");
    default:
        return tr("nonlinear multi-fidelity");
    }
}

void MfCarComparison::run(const std::string& high, const std::string& low, std::uint64_t seed)
{
    m_settings = emu::MfEmulatorBoSettings{};
    m_settings.highSimulatorId = high;
    m_settings.lowSimulatorId = low;
    m_settings.seed = seed;
    m_rows.assign(emu::kMfComparisonRows, std::nullopt);
    m_result.reset();
    m_clock.start();
    emit started();
    // The rows share nothing, so each is a job of its own and they run side by side; the
    // longest first, so that the cores finish together.
    for (const int index : {3, 2, 0, 1})
        m_jobs->run(QStringLiteral("mf-car-row-%1").arg(index),
                    tr("Training the %1 emulator").arg(rowName(index)),
                    [settings = m_settings, index](emu::Progress& progress) {
                        return emu::runMfComparisonRow(settings, index, progress);
                    },
                    [this, index](emu::MfComparisonRow row) { addRow(index, std::move(row)); });
}

void MfCarComparison::addRow(int index, emu::MfComparisonRow row)
{
    m_rows[size_t(index)] = std::move(row);
    emit rowArrived(index);
    if (std::any_of(m_rows.begin(), m_rows.end(), [](const auto& r) { return !r.has_value(); }))
        return;
    emu::MfComparisonResult result;
    result.settings = m_settings;
    for (const auto& r : m_rows)
        result.rows.push_back(*r);
    result.seconds = double(m_clock.elapsed()) / 1000.0;
    m_result = std::move(result);
    emit finished();
}

QString MfCarComparison::dataCsv() const
{
    QString csv = QStringLiteral("emulator,low_calls,high_calls,validation_calls,dp_nrmse,dv_nrmse,"
                                 "reward,reached_goal,theta_p,theta_v,theta_0\n");
    if (!m_result)
        return csv;
    for (const emu::MfComparisonRow& row : m_result->rows)
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                   .arg(QString::fromStdString(row.emulator))
                   .arg(row.lowCalls)
                   .arg(row.highCalls)
                   .arg(row.validationCalls)
                   .arg(row.testError.position.normalizedRmse, 0, 'g', 10)
                   .arg(row.testError.velocity.normalizedRmse, 0, 'g', 10)
                   .arg(row.reward, 0, 'g', 10)
                   .arg(row.reachedGoal ? 1 : 0)
                   .arg(row.best.thetaP, 0, 'g', 10)
                   .arg(row.best.thetaV, 0, 'g', 10)
                   .arg(row.best.theta0, 0, 'g', 10);
    return csv;
}

QJsonObject MfCarComparison::saveState() const
{
    return QJsonObject{{"high", QString::fromStdString(m_settings.highSimulatorId)},
                       {"low", QString::fromStdString(m_settings.lowSimulatorId)},
                       {"seed", qint64(m_settings.seed)}};
}

QString MfCarComparison::restoreState(const QJsonObject& state)
{
    const QString high = state.value("high").toString();
    const QString low = state.value("low").toString();
    const emu::SimulatorInfo* highInfo = emu::simulatorRegistry().find(high.toStdString());
    const emu::SimulatorInfo* lowInfo = emu::simulatorRegistry().find(low.toStdString());
    if (!highInfo || !highInfo->hasRole(emu::kHighFidelity))
        return tr("unknown high-fidelity simulator \"%1\"").arg(high);
    if (!lowInfo || !lowInfo->hasRole(emu::kLowFidelity))
        return tr("unknown low-fidelity simulator \"%1\"").arg(low);
    run(highInfo->id, lowInfo->id, std::uint64_t(std::clamp(state.value("seed").toInt(0), 0, kMaxSeed)));
    return {};
}

} // namespace ui
