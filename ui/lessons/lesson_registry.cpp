#include "ui/lessons/lesson_registry.h"

#include "ui/lessons/bo_1d/bo_1d_page.h"
#include "ui/lessons/bo_2d/bo_2d_page.h"
#include "ui/lessons/car_bo/car_bo_page.h"
#include "ui/lessons/deep_gp_cascade/deep_gp_cascade_page.h"
#include "ui/lessons/deployed_system/deployed_system_page.h"
#include "ui/lessons/drive_the_car/drive_car_page.h"
#include "ui/lessons/emulate_the_car/emulate_car_page.h"
#include "ui/lessons/experimental_design/experimental_design_page.h"
#include "ui/lessons/formula_one/formula_one_page.h"
#include "ui/lessons/gaussian_processes/gaussian_process_page.h"
#include "ui/lessons/mf_1d/multi_fidelity_1d_page.h"
#include "ui/lessons/mf_car/mf_car_page.h"
#include "ui/lessons/olympic_marathon/olympic_marathon_page.h"
#include "ui/lessons/sandbox_simulator/sandbox_page.h"
#include "ui/lessons/sensitivity/sensitivity_page.h"
#include "ui/lessons/welcome/welcome_page.h"

#include <QFile>
#include <QStringList>

namespace ui {

namespace {

/// The registry line of a lesson whose page is `Page`.
template <class Page>
LessonInfo lesson(const char* id, const QString& group, const char* title, const char* summary)
{
    return LessonInfo{QString::fromUtf8(id), group, QString::fromUtf8(title), QString::fromUtf8(summary),
                      [](JobRunner* jobs) -> LessonPage* { return new Page(jobs); }, Page::tutorialEvents(),
                      Page::hasAnimation()};
}

const QString kBasics = QStringLiteral("Basics");
const QString kBo = QStringLiteral("Bayesian optimisation");
const QString kCar = QStringLiteral("Mountain car");
const QString kMf = QStringLiteral("Multi-fidelity");
const QString kDeep = QStringLiteral("Deep GPs");
const QString kSensitivity = QStringLiteral("Sensitivity");
const QString kSystems = QStringLiteral("Deployed systems");
const QString kSandbox = QStringLiteral("Sandbox");

std::vector<LessonInfo> buildLessons()
{
    return {
        lesson<WelcomePage>("welcome", {}, "Welcome",
          "What emulation is and where to start."),
        lesson<GaussianProcessPage>("gaussian-processes", kBasics, "Gaussian processes",
          "Click to add data and watch the posterior mean and its uncertainty move."),
        lesson<ExperimentalDesignPage>("experimental-design", kBasics, "Experimental design",
          "Choose where to run a simulator so the emulator learns fastest."),
        lesson<Bo1dPage>("bo-1d", kBo, "Bayesian optimisation in 1-D",
          "Step the loop and watch the acquisition function pick the next point."),
        lesson<Bo2dPage>("bo-2d", kBo, "Bayesian optimisation in 2-D",
          "Posterior, uncertainty and acquisition surfaces as heat maps."),
        lesson<DriveCarPage>("drive-the-car", kCar, "Drive the mountain car",
          "Tune a linear controller by hand and watch the car swing up the hill."),
        lesson<CarBoPage>("car-bo", kCar, "Optimise the car's controller",
          "Let Bayesian optimisation find the controller on the simulator."),
        lesson<EmulateCarPage>("emulate-the-car", kCar, "Emulate the car's dynamics",
          "Learn the dynamics from 500 simulator calls and optimise on the emulator."),
        lesson<MultiFidelity1dPage>("mf-1d", kMf, "Multi-fidelity in 1-D",
          "Combine cheap and expensive simulations: linear and nonlinear models."),
        lesson<MfCarPage>("mf-car", kMf, "Multi-fidelity mountain car",
          "250 high- and 250 low-fidelity calls to tune the controller."),
        lesson<FormulaOnePage>("formula-one", kMf, "F1: compute, tunnel or track?",
          "Which simulator to pay for, run by run: cost-aware multi-fidelity Bayesian optimisation."),
        lesson<DeepGpCascadePage>("deep-gp-cascade", kDeep, "From deep nets to deep GPs",
          "Compose Gaussian processes and see non-stationary functions appear."),
        lesson<OlympicMarathonPage>("olympic-marathon", kDeep, "Olympic marathon",
          "GP versus deep GP, latent layers, the pinball plot and Turing's chances."),
        lesson<SensitivityPage>("sensitivity", kSensitivity, "Sensitivity analysis",
          "Which inputs decide the car's reward? Sobol indices on the emulator and on the simulator."),
        lesson<DeployedSystemPage>("deployed-system", kSystems, "Emulating a deployed system",
          "A supply chain as a graph: predict what a decision does downstream, then watch it run day by day."),
        lesson<SandboxPage>("sandbox-simulator", kSandbox, "Your own simulator",
          "Emulate and optimise a program of your own."),
    };
}

} // namespace

const std::vector<LessonInfo>& lessons()
{
    static const std::vector<LessonInfo> all = buildLessons();
    return all;
}

const LessonInfo* findLesson(const QString& id)
{
    for (const LessonInfo& lesson : lessons())
        if (lesson.id == id)
            return &lesson;
    return nullptr;
}

QStringList animatedLessonIds()
{
    QStringList ids;
    for (const LessonInfo& lesson : lessons())
        if (lesson.isAvailable() && lesson.animated)
            ids << lesson.id;
    return ids;
}

QStringList lessonGroups()
{
    return {kBasics, kBo, kCar, kMf, kDeep, kSensitivity, kSystems, kSandbox};
}

QString lessonExplanation(const LessonInfo& lesson)
{
    QFile file(QStringLiteral(":/lessons/%1.html").arg(lesson.id));
    if (file.open(QIODevice::ReadOnly))
        return QString::fromUtf8(file.readAll());
    const QString status = lesson.isAvailable() ? QString() : QStringLiteral("<p><i>Coming soon.</i></p>");
    return QStringLiteral("<h3>%1</h3><p>%2</p>%3").arg(lesson.title, lesson.summary, status);
}

} // namespace ui
