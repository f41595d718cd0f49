#pragma once
// The multi-fidelity car lesson's comparison apart from its widgets: its settings (the high and
// the low simulator, the seed), the four rows of runMfComparisonRow() as their jobs deliver
// them, and the whole result once all four are in. run() starts the rows as jobs of their own,
// side by side (they share nothing); rowArrived() and finished() tell whoever shows them.

#include "engine/studies/mf_emulator_study.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

class QJsonObject;

namespace ui {

class JobRunner;

class MfCarComparison : public QObject
{
    Q_OBJECT
public:
    /// The largest seed a comparison takes (the page's seed field goes as far).
    static constexpr int kMaxSeed = 1000000;

    /// Runs its rows in `jobs`, which must outlive it.
    explicit MfCarComparison(JobRunner* jobs, QObject* parent = nullptr);

    /// Starts a comparison of the four emulators of `high` learned with `low` (registry ids with
    /// the high- and low-fidelity roles), tuned and validated with `seed`. A comparison still
    /// running is replaced (its rows' jobs are superseded).
    void run(const std::string& high, const std::string& low, std::uint64_t seed);

    /// The settings of the comparison shown (its emulator.model is set per row).
    const emu::MfEmulatorBoSettings& settings() const { return m_settings; }
    /// Row `index` (0 … kMfComparisonRows − 1) once it has arrived.
    const std::optional<emu::MfComparisonRow>& row(int index) const { return m_rows[size_t(index)]; }
    /// Every row, once all four are in.
    const std::optional<emu::MfComparisonResult>& result() const { return m_result; }
    /// Row `index`'s name, known before the row is computed.
    QString rowName(int index) const;

    /// The rows as CSV (header only until all are in).
    QString dataCsv() const;
    /// The settings as a session state: the two simulators' ids and the seed.
    QJsonObject saveState() const;
    /// Checks a saved state (simulators with the right roles) and runs it; an error and no
    /// change if it is bad.
    QString restoreState(const QJsonObject& state);

signals:
    /// A comparison started (its settings are in settings()).
    void started();
    /// Row `index` arrived.
    void rowArrived(int index);
    /// The last row arrived: result() is complete.
    void finished();

private:
    void addRow(int index, emu::MfComparisonRow row);

    JobRunner* m_jobs;
    emu::MfEmulatorBoSettings m_settings;
    std::vector<std::optional<emu::MfComparisonRow>> m_rows; ///< table order, as they arrive
    std::optional<emu::MfComparisonResult> m_result;
    QElapsedTimer m_clock; ///< since the comparison started
};

} // namespace ui
