#include "ui/models/mf_bo_session.h"

#include "engine/core/errors.h"
#include "engine/functions/multi_fidelity_problem.h"
#include "ui/base/job_runner.h"

#include <QTextStream>

namespace ui {

namespace {

constexpr int kGridSize = 200;

std::vector<double> toStd(const emu::Vector& v)
{
    return std::vector<double>(v.data(), v.data() + v.size());
}

/// The loop's next proposal (a fit and the acquisition) and everything the page draws.
MfBoView makeView(emu::MultiFidelityBoLoop& loop, const emu::MultiFidelityProblem& problem, double minimum,
                  emu::MfRegretCurve curve)
{
    MfBoView view;
    view.finished = loop.isFinished();
    if (!view.finished)
        view.proposal = loop.suggest();
    view.runs = loop.runs();
    view.spentPerLevel = loop.spentPerLevel();
    view.spent = loop.spent();
    view.budget = loop.settings().budget;
    const emu::LinearMultiFidelityModel* model = loop.model();
    if (!model)
        return view;
    view.recommendation = loop.recommend();
    view.regret = emu::recommendationRegret(view.recommendation->x, problem, false, minimum);
    curve.spent.push_back(view.spent);
    curve.regret.push_back(view.regret);
    view.curve = std::move(curve);

    const emu::ParameterSpace& space = problem.space();
    const emu::Vector xs = emu::Vector::LinSpaced(kGridSize, space.lowerBounds()(0), space.upperBounds()(0));
    const emu::Matrix grid = xs;
    view.grid = toStd(xs);
    for (emu::Index level = 0; level < problem.levelCount(); ++level) {
        const emu::Prediction p = model->predict(level, grid);
        view.mean.push_back(toStd(p.mean));
        view.sd.push_back(toStd(p.variance.cwiseMax(0.0).cwiseSqrt()));
        view.truth.push_back(toStd(problem.evaluate(level, grid)));
        if (view.proposal)
            view.valuePerCost.push_back(toStd(loop.acquisition().evaluate(*model, grid, level)));
    }
    return view;
}

/// What a job of the run hands back to the GUI thread.
struct LoopResult
{
    std::shared_ptr<emu::MultiFidelityBoLoop> loop;
    double minimum = 0.0;
    MfBoView view;
};

} // namespace

MfBoSession::MfBoSession(JobRunner* jobs, const QString& jobKey, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_jobKey(jobKey)
{
}

MfBoSession::~MfBoSession()
{
    for (const char* key : {"", "-reference", "-algorithm"})
        m_jobs->cancel(m_jobKey + QLatin1String(key));
}

const emu::MultiFidelityProblem& MfBoSession::problem() const
{
    return emu::multiFidelityProblems().at(m_problemId.toStdString());
}

void MfBoSession::start(const QString& problemId, const emu::MfBoSettings& settings, bool byHand,
                        const std::vector<MfReplayRun>& replay)
{
    const emu::MultiFidelityProblem& chosen = emu::multiFidelityProblems().at(problemId.toStdString());
    if (chosen.dimension() != 1)
        throw emu::InvalidInput("the multi-fidelity BO page shows problems with one input");
    ++m_generation;
    m_problemId = problemId;
    m_settings = settings;
    m_byHand = byHand;
    m_loop.reset();
    m_view.reset();
    m_reference = {};
    m_algorithm = {};
    m_busy = true;
    const quint64 generation = m_generation;
    const emu::MfBoStudySettings study{problemId.toStdString(), false, settings};
    m_jobs->run(
        m_jobKey, tr("Running the initial design"),
        [study, &chosen, replay](emu::Progress& progress) {
            LoopResult result;
            result.minimum = emu::highestLevelMinimum(chosen).value;
            result.loop = std::make_shared<emu::MultiFidelityBoLoop>(emu::studyObjective(chosen, study), study.loop);
            emu::MultiFidelityBoLoop& loop = *result.loop;
            while (loop.inDesign()) {
                progress.checkCancelled();
                loop.step();
            }
            result.view = makeView(loop, chosen, result.minimum, {});
            for (const MfReplayRun& run : replay) {
                progress.checkCancelled();
                if (run.chosen)
                    loop.evaluateAt(emu::RowVector::Constant(1, run.x), run.level);
                else
                    loop.step();
                result.view = makeView(loop, chosen, result.minimum, result.view.curve);
            }
            return result;
        },
        [this, generation](LoopResult result) {
            if (generation != m_generation)
                return;
            m_busy = false;
            m_loop = std::move(result.loop);
            m_minimum = result.minimum;
            m_view = std::move(result.view);
            emit changed();
        },
        whenJobEnds(generation));
    runComparison(QStringLiteral("-reference"), "ei", m_reference);
    if (byHand)
        runComparison(QStringLiteral("-algorithm"), settings.acquisitionId, m_algorithm);
}

std::function<void(const QString&)> MfBoSession::whenJobEnds(quint64 generation)
{
    return [this, generation](const QString& error) {
        if (generation != m_generation)
            return; // a job of an older run: its session is gone
        m_busy = false;
        if (!error.isEmpty())
            emit failed(error);
        emit changed();
    };
}

void MfBoSession::runComparison(const QString& key, const std::string& acquisitionId, emu::MfRegretCurve& into)
{
    emu::MfBoStudySettings study{m_problemId.toStdString(), false, m_settings};
    study.loop.acquisitionId = acquisitionId;
    const quint64 generation = m_generation;
    m_jobs->run(
        m_jobKey + key, tr("Spending the same budget with %1").arg(QString::fromStdString(acquisitionId)),
        [study](emu::Progress& progress) { return emu::runMfBoStudy(study, progress).curve; },
        [this, generation, &into](emu::MfRegretCurve curve) {
            if (generation != m_generation)
                return;
            into = std::move(curve);
            emit changed();
        });
}

void MfBoSession::step()
{
    if (!m_loop || m_busy || m_byHand || !m_view || m_view->finished)
        return;
    runOnLoop(tr("Running the proposal"), [](emu::MultiFidelityBoLoop& loop) { loop.step(); });
}

void MfBoSession::choose(double x, emu::Index level)
{
    if (!m_loop || m_busy || !m_view)
        return;
    const double cost = m_loop->expectedCost(level);
    if (cost > m_loop->remaining() + 1e-12) {
        emit failed(tr("A run of the %1 costs %2, but only %3 of the budget remains.")
                        .arg(QString::fromStdString(problem().levelName(level)))
                        .arg(cost)
                        .arg(m_loop->remaining()));
        return;
    }
    emu::RowVector input(1);
    input << x;
    runOnLoop(tr("Running the %1").arg(QString::fromStdString(problem().levelName(level))),
              [input, level](emu::MultiFidelityBoLoop& loop) { loop.evaluateAt(input, level); });
}

void MfBoSession::runOnLoop(const QString& label, std::function<void(emu::MultiFidelityBoLoop&)> work)
{
    m_busy = true;
    const quint64 generation = m_generation;
    const std::size_t runsBefore = m_view->runs.size();
    m_jobs->run(
        m_jobKey, label,
        [loop = m_loop, work = std::move(work), &problem = problem(), minimum = m_minimum,
         curve = m_view->curve](emu::Progress&) {
            work(*loop);
            return makeView(*loop, problem, minimum, curve);
        },
        [this, generation, runsBefore](MfBoView view) {
            if (generation != m_generation)
                return;
            m_busy = false;
            const bool ran = view.runs.size() > runsBefore;
            m_view = std::move(view);
            if (ran)
                emit evaluated();
            emit changed();
        },
        whenJobEnds(generation));
}

QString MfBoSession::historyCsv() const
{
    QString text;
    QTextStream out(&text);
    out << QString::fromStdString(problem().space().names().front()) << ",fidelity,level,value,cost,spent,chosen\n";
    if (!m_view)
        return text;
    for (const emu::MfBoRun& r : m_view->runs)
        out << QString::number(r.x(0), 'g', 17) << ',' << QString::fromStdString(problem().levelName(r.level)) << ','
            << r.level << ',' << QString::number(r.value, 'g', 17) << ',' << r.cost << ',' << r.spent << ','
            << (r.chosen ? 1 : 0) << '\n';
    return text;
}

} // namespace ui
