<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s) old</source>
        <translation>
            <numerusform>%Ln minute old</numerusform>
            <numerusform>%Ln minutes old</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s) old</source>
        <translation>
            <numerusform>%Ln hour old</numerusform>
            <numerusform>%Ln hours old</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) old</source>
        <translation>
            <numerusform>%Ln day old</numerusform>
            <numerusform>%Ln days old</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s)</source>
        <translation>
            <numerusform>%Ln hour</numerusform>
            <numerusform>%Ln hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln minute</numerusform>
            <numerusform>%Ln minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The demo clock moved on %Ln day(s): it is now %1 on the demo service.</source>
        <translation>
            <numerusform>The demo clock moved on %Ln day: it is now %1 on the demo service.</numerusform>
            <numerusform>The demo clock moved on %Ln days: it is now %1 on the demo service.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln record</numerusform>
            <numerusform>%Ln records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln file</numerusform>
            <numerusform>%Ln files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document file(s)</source>
        <translation>
            <numerusform>%Ln document file</numerusform>
            <numerusform>%Ln document files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %Ln minute(s) left</source>
        <translation>
            <numerusform>About %Ln minute left</numerusform>
            <numerusform>About %Ln minutes left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>About %Ln hour(s) left</source>
        <translation>
            <numerusform>About %Ln hour left</numerusform>
            <numerusform>About %Ln hours left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) of it go unused, worth about %1, and are not refunded either.</source>
        <translation>
            <numerusform>%Ln day of it goes unused, worth about %1, and is not refunded either.</numerusform>
            <numerusform>%Ln days of it go unused, worth about %1, and are not refunded either.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln bill(s) awaiting payment, %1 in all.</source>
        <translation>
            <numerusform>%Ln bill awaiting payment, %1 in all.</numerusform>
            <numerusform>%Ln bills awaiting payment, %1 in all.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln draft bill(s), %1 in all, never sent.</source>
        <translation>
            <numerusform>%Ln draft bill, %1 in all, never sent.</numerusform>
            <numerusform>%Ln draft bills, %1 in all, never sent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %Ln more bill(s).</source>
        <translation>
            <numerusform>and %Ln more bill.</numerusform>
            <numerusform>and %Ln more bills.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message numerus="yes">
        <source>%Ln payment authorisation(s) still pending (%2)</source>
        <translation>
            <numerusform>%Ln payment authorisation is still pending (%2)</numerusform>
            <numerusform>%Ln payment authorisations are still pending (%2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln payment link(s) stop working.</source>
        <translation>
            <numerusform>%Ln payment link stops working.</numerusform>
            <numerusform>%Ln payment links stop working.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln payment plan(s) stop.</source>
        <translation>
            <numerusform>%Ln payment plan stops.</numerusform>
            <numerusform>%Ln payment plans stop.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln matter(s) open</source>
        <translation>
            <numerusform>%Ln matter is open</numerusform>
            <numerusform>%Ln matters are open</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending</source>
        <translation>
            <numerusform>%Ln is pending</numerusform>
            <numerusform>%Ln are pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln entry(s)</source>
        <translation>
            <numerusform>%Ln entry</numerusform>
            <numerusform>%Ln entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClosingWords</name>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DataFactsView</name>
    <message numerus="yes">
        <source>%Ln enabled user(s)</source>
        <translation>
            <numerusform>%Ln enabled user</numerusform>
            <numerusform>%Ln enabled users</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln online payment(s)</source>
        <translation>
            <numerusform>%Ln online payment</numerusform>
            <numerusform>%Ln online payments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln active payment link(s)</source>
        <translation>
            <numerusform>%Ln active payment link</numerusform>
            <numerusform>%Ln active payment links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln time or expense entr(y/ies)</source>
        <translation>
            <numerusform>%Ln time or expense entry</numerusform>
            <numerusform>%Ln time or expense entries</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message numerus="yes">
        <source>%Ln problem(s)</source>
        <translation>
            <numerusform>%Ln problem</numerusform>
            <numerusform>%Ln problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document file(s)</source>
        <translation>
            <numerusform>%Ln document file</numerusform>
            <numerusform>%Ln document files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verified again: all %Ln file(s) match the manifest.</source>
        <translation>
            <numerusform>Verified again: the %Ln file matches the manifest.</numerusform>
            <numerusform>Verified again: all %Ln files match the manifest.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Move the clock on %Ln day(s)</source>
        <translation>
            <numerusform>Move the clock on %Ln day</numerusform>
            <numerusform>Move the clock on %Ln days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelfServiceView</name>
    <message numerus="yes">
        <source>%Ln card authorisation(s)</source>
        <translation>
            <numerusform>%Ln card authorisation</numerusform>
            <numerusform>%Ln card authorisations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln active payment link(s)</source>
        <translation>
            <numerusform>%Ln active payment link</numerusform>
            <numerusform>%Ln active payment links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln active payment plan(s)</source>
        <translation>
            <numerusform>%Ln active payment plan</numerusform>
            <numerusform>%Ln active payment plans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln client(s) with money in trust.</source>
        <translation>
            <numerusform>%Ln client has money in trust.</numerusform>
            <numerusform>%Ln clients have money in trust.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln day</numerusform>
            <numerusform>%Ln days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln user</numerusform>
            <numerusform>%Ln users</numerusform>
        </translation>
    </message>
</context>
</TS>
