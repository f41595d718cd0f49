// A lesson's settings: values are checked by kind and range, a refused change or state changes
// nothing, a restored state takes defaults for missing keys, and bound widgets follow the model
// both ways without firing their own signals for the model's changes.

#include "ui/models/lesson_settings.h"
#include "ui/panels/controller_editor.h"
#include "ui/panels/settings_binding.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using ui::LessonSettings;

namespace {

void declare(LessonSettings& s)
{
    s.addInt("runs", 2, 50, 10);
    s.addNumber("pace", 2.5, 6.0, 3.0);
    s.addChoice("method", {"lhs", "sobol", "random"}, "sobol");
    s.addFlag("showTruth", true);
}

} // namespace

class TestLessonSettings : public QObject
{
    Q_OBJECT
private slots:
    void defaultsAndChanges()
    {
        LessonSettings s;
        declare(s);
        QCOMPARE(s.intValue("runs"), 10);
        QCOMPARE(s.number("pace"), 3.0);
        QCOMPARE(s.choice("method"), QString("sobol"));
        QVERIFY(s.flag("showTruth"));
        QSignalSpy changed(&s, &LessonSettings::changed);
        QCOMPARE(s.set("runs", 20), QString());
        QCOMPARE(s.set("runs", 20.0), QString()); // the same value: no signal
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QString("runs"));
        QCOMPARE(s.intValue("runs"), 20);
    }

    void refusedChangesChangeNothing_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("message");
        QTest::addRow("below range") << "runs" << QVariant(1) << "from 2 to 50";
        QTest::addRow("not whole") << "runs" << QVariant(2.5) << "whole number";
        QTest::addRow("text for a number") << "runs" << QVariant("many") << "\"many\"";
        QTest::addRow("nan") << "pace" << QVariant(std::nan("")) << "number from 2.5 to 6";
        QTest::addRow("infinite") << "pace" << QVariant(HUGE_VAL) << "number from 2.5 to 6";
        QTest::addRow("unknown id") << "method" << QVariant("grid") << "lhs, sobol, random";
        QTest::addRow("number for a choice") << "method" << QVariant(1) << "\"method\"";
        QTest::addRow("number for a flag") << "showTruth" << QVariant(1) << "true or false";
        QTest::addRow("unknown key") << "speed" << QVariant(1) << "no setting \"speed\"";
    }

    void refusedChangesChangeNothing()
    {
        QFETCH(QString, key);
        QFETCH(QVariant, value);
        QFETCH(QString, message);
        LessonSettings s;
        declare(s);
        const QJsonObject before = s.saveState();
        QSignalSpy changed(&s, &LessonSettings::changed);
        const QString error = s.set(key, value);
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(s.saveState(), before);
        QCOMPARE(changed.count(), 0);
    }

    void statesRoundTripAndAreAllOrNothing()
    {
        LessonSettings a;
        declare(a);
        a.set("runs", 33);
        a.set("pace", 4.25);
        a.set("method", "lhs");
        a.set("showTruth", false);
        const QJsonObject state = a.saveState();
        QCOMPARE(state.value("runs").toInt(), 33);
        QCOMPARE(state.value("method").toString(), QString("lhs"));

        LessonSettings b;
        declare(b);
        QSignalSpy changed(&b, &LessonSettings::changed);
        QCOMPARE(b.restoreState(state), QString());
        QCOMPARE(b.saveState(), state);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QString());

        // One bad value among good ones: nothing is applied.
        QJsonObject bad = state;
        bad["runs"] = 5;
        bad["pace"] = "fast";
        QVERIFY(b.restoreState(bad).contains("\"pace\""));
        QCOMPARE(b.saveState(), state);
        // Missing keys take their defaults; unknown keys are the page's business.
        QCOMPARE(b.restoreState(QJsonObject{{"runs", 7}, {"points", QJsonArray{1, 2}}}), QString());
        QCOMPARE(b.intValue("runs"), 7);
        QCOMPARE(b.choice("method"), QString("sobol"));
        QVERIFY(b.flag("showTruth"));
    }

    void severalValuesChangeAsOne()
    {
        LessonSettings s;
        declare(s);
        QSignalSpy changed(&s, &LessonSettings::changed);
        QCOMPARE(s.setValues(QJsonObject{{"runs", 20}, {"pace", 4.0}}), QString());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QString()); // several changed
        QCOMPARE(s.setValues(QJsonObject{{"runs", 20}, {"pace", 5.0}}), QString());
        QCOMPARE(changed.at(1).at(0).toString(), QString("pace")); // only one did
        // One refused value: none is applied; an unknown key is refused too.
        QVERIFY(!s.setValues(QJsonObject{{"runs", 30}, {"pace", 99.0}}).isEmpty());
        QVERIFY(!s.setValues(QJsonObject{{"runs", 30}, {"speed", 1}}).isEmpty());
        QCOMPARE(s.intValue("runs"), 20);
        QCOMPARE(changed.count(), 2);
    }

    void aControllerIsThreeSettingsChangedTogether()
    {
        LessonSettings s;
        ui::ControllerEditor editor;
        editor.setController({0.3, 4.0, 0.1});
        ui::bindController(s, &editor);
        QCOMPARE(ui::controllerSetting(s).thetaV, 4.0);
        QSignalSpy changed(&s, &LessonSettings::changed);
        QCOMPARE(ui::setControllerSetting(s, {-0.5, 10.0, 0.2}), QString());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(editor.controller().thetaP, -0.5);
        // The editor's rounding may overshoot the domain's edge: clamped, not refused.
        QCOMPARE(ui::setControllerSetting(s, {1.0004, 10.0, 0.2}), QString());
        QCOMPARE(ui::controllerSetting(s).thetaP, emu::ControllerDomain::thetaPMax);
        QVERIFY(!ui::setControllerSetting(s, {std::nan(""), 0.0, 0.0}).isEmpty());
        // A session's controller outside the domain is refused whole.
        QVERIFY(!s.restoreState(QJsonObject{{"thetaP", 0.0}, {"thetaV", 99.0}, {"theta0", 0.0}}).isEmpty());
        QCOMPARE(ui::controllerSetting(s).thetaP, emu::ControllerDomain::thetaPMax);
    }

    void boundWidgetsFollowBothWays()
    {
        LessonSettings s;
        QSpinBox runs;
        runs.setRange(1, 99);
        runs.setValue(12);
        QDoubleSpinBox pace;
        pace.setRange(2.5, 6.0);
        pace.setValue(3.5);
        QComboBox method;
        method.addItem("Latin hypercube", "lhs");
        method.addItem("Sobol", "sobol");
        method.setCurrentIndex(1);
        QCheckBox truth;
        truth.setChecked(true);
        ui::bindInt(s, "runs", &runs);
        ui::bindNumber(s, "pace", &pace);
        ui::bindChoice(s, "method", &method);
        ui::bindFlag(s, "truth", &truth);
        // The widgets' state is the default.
        QCOMPARE(s.intValue("runs"), 12);
        QCOMPARE(s.choice("method"), QString("sobol"));
        QVERIFY(!s.set("runs", 100).isEmpty()); // the spin box's range is the setting's

        // The user's edits reach the model.
        runs.setValue(40);
        pace.setValue(5.0);
        method.setCurrentIndex(0);
        truth.setChecked(false);
        QCOMPARE(s.intValue("runs"), 40);
        QCOMPARE(s.number("pace"), 5.0);
        QCOMPARE(s.choice("method"), QString("lhs"));
        QVERIFY(!s.flag("truth"));

        // The model's changes reach the widgets, without their signals.
        QSignalSpy edited(&runs, &QSpinBox::valueChanged);
        QCOMPARE(s.restoreState(QJsonObject{{"runs", 7}, {"method", "sobol"}}), QString());
        QCOMPARE(runs.value(), 7);
        QCOMPARE(method.currentData().toString(), QString("sobol"));
        QVERIFY(truth.isChecked()); // back to its default
        QCOMPARE(pace.value(), 3.5);
        QCOMPARE(edited.count(), 0);
        s.set("runs", 8);
        QCOMPARE(runs.value(), 8);
    }
};

QTEST_MAIN(TestLessonSettings)
#include "test_lesson_settings.moc"
