<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ClassTableModel</name>
    <message>
        <source>own override</source>
        <translation>eigene Vorlage</translation>
    </message>
    <message>
        <source>project template</source>
        <translation>Projektvorlage</translation>
    </message>
    <message>
        <source>Index</source>
        <translation>Index</translation>
    </message>
    <message>
        <source>wnid</source>
        <translation>wnid</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Real train</source>
        <translation>Echt (Training)</translation>
    </message>
    <message>
        <source>Real test</source>
        <translation>Echt (Test)</translation>
    </message>
    <message>
        <source>Synthetic</source>
        <translation>Synthetisch</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
</context>
<context>
    <name>ClusterPlanDialog</name>
    <message>
        <source>Submit with sbatch now</source>
        <translation>Jetzt mit sbatch abschicken</translation>
    </message>
    <message>
        <source>Plan for a Slurm Cluster</source>
        <translation>Plan für einen Slurm-Cluster</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos;: %2 images of %3 classes, in batches of %4. Each shard is one Slurm array task that writes into the project&apos;s shards/%1 folder; the merge job adds the finished shards to the project.</source>
        <translation>Plan „%1“: %2 Bilder aus %3 Klassen, in Stapeln zu %4. Jeder Shard ist eine Aufgabe eines Slurm-Arrays, die in den Ordner shards/%1 des Projekts schreibt; der Merge-Job fügt die fertigen Shards dem Projekt hinzu.</translation>
    </message>
    <message>
        <source>Array tasks running at once (0: no limit)</source>
        <translation>Gleichzeitig laufende Array-Aufgaben (0: unbegrenzt)</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>Vorgabe des Clusters</translation>
    </message>
    <message>
        <source>The synset-cli the compute nodes run (the same file system)</source>
        <translation>Das synset-cli, das die Rechenknoten ausführen (dasselbe Dateisystem)</translation>
    </message>
    <message>
        <source>sbatch is not on this machine&apos;s PATH: submit submit.sh from a login node</source>
        <translation>sbatch ist auf diesem Rechner nicht im PATH: submit.sh auf einem Login-Knoten abschicken</translation>
    </message>
    <message>
        <source>Shards:</source>
        <translation>Shards:</translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation>Partition:</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Konto:</translation>
    </message>
    <message>
        <source>GPUs (--gres):</source>
        <translation>GPUs (--gres):</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Tasks at once:</source>
        <translation>Aufgaben gleichzeitig:</translation>
    </message>
    <message>
        <source>synset-cli:</source>
        <translation>synset-cli:</translation>
    </message>
    <message>
        <source>Write Plan</source>
        <translation>Plan schreiben</translation>
    </message>
    <message>
        <source>Give the absolute path of synset-cli on the cluster.</source>
        <translation>Geben Sie den absoluten Pfad von synset-cli auf dem Cluster an.</translation>
    </message>
    <message>
        <source>Writing the plan…</source>
        <translation>Plan wird geschrieben …</translation>
    </message>
    <message>
        <source>Not planned: %1</source>
        <translation>Nicht geplant: %1</translation>
    </message>
    <message>
        <source>The plan is written, the scripts are not: %1</source>
        <translation>Der Plan ist geschrieben, die Skripte nicht: %1</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; written: %2 images in %3 shards. Submit with: sh %4</source>
        <translation>Plan „%1“ geschrieben: %2 Bilder in %3 Shards. Abschicken mit: sh %4</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; submitted: %2</source>
        <translation>Plan „%1“ abgeschickt: %2</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; written; sbatch failed: %2</source>
        <translation>Plan „%1“ geschrieben; sbatch schlug fehl: %2</translation>
    </message>
    <message>
        <source>Shard k makes the images whose id modulo the shard count is k</source>
        <translation>Shard k erzeugt die Bilder, deren Nummer modulo der Shard-Zahl k ist</translation>
    </message>
</context>
<context>
    <name>ClusterPlansPanel</name>
    <message>
        <source>Plan &apos;%1&apos;: %2 shards merged (%3 images), %4 merged before, %5 not finished.</source>
        <translation>Plan „%1“: %2 Shards zusammengeführt (%3 Bilder), %4 schon zuvor, %5 nicht fertig.</translation>
    </message>
    <message>
        <source>Merge Finished Shards</source>
        <translation>Fertige Shards zusammenführen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Shards</source>
        <translation>Shards</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>Teilweise</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlend</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Zusammengeführt</translation>
    </message>
    <message>
        <source>To make (--array)</source>
        <translation>Noch zu erzeugen (--array)</translation>
    </message>
    <message>
        <source>Add the images of every finished shard to the project, checked against the plan; merging again adds nothing</source>
        <translation>Die Bilder jedes fertigen Shards, gegen den Plan geprüft, dem Projekt hinzufügen; erneutes Zusammenführen fügt nichts hinzu</translation>
    </message>
    <message>
        <source>Cluster plans (synset-cli plan, slurm plan)</source>
        <translation>Cluster-Pläne (synset-cli plan, slurm plan)</translation>
    </message>
    <message>
        <source>No plan yet: New Job…, then Plan for a Slurm Cluster…</source>
        <translation>Noch kein Plan: Neuer Auftrag …, dann Plan für einen Slurm-Cluster …</translation>
    </message>
    <message>
        <source>Choose a plan first.</source>
        <translation>Wählen Sie zuerst einen Plan.</translation>
    </message>
    <message>
        <source>A merge is running already.</source>
        <translation>Es läuft bereits eine Zusammenführung.</translation>
    </message>
    <message>
        <source>Merging &apos;%1&apos;…</source>
        <translation>„%1“ wird zusammengeführt …</translation>
    </message>
    <message>
        <source>Not merged: %1</source>
        <translation>Nicht zusammengeführt: %1</translation>
    </message>
</context>
<context>
    <name>CorruptionGallery</name>
    <message>
        <source>Test image:</source>
        <translation>Testbild:</translation>
    </message>
    <message>
        <source>Which real test image to show (every class in turn)</source>
        <translation>Welches echte Testbild gezeigt wird (die Klassen reihum)</translation>
    </message>
    <message>
        <source>The project has no real test images.</source>
        <translation>Das Projekt hat keine echten Testbilder.</translation>
    </message>
    <message>
        <source>%1 — clean, then severities 1 to 5</source>
        <translation>%1 — unverändert, dann Stärken 1 bis 5</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>sauber</translation>
    </message>
</context>
<context>
    <name>ExperimentPanel</name>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtern</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>%1 images a class, guidance %2</source>
        <translation>%1 Bilder je Klasse, Guidance %2</translation>
    </message>
    <message>
        <source>score the generated images, keep the best %1 a class</source>
        <translation>erzeugte Bilder bewerten, die besten %1 je Klasse behalten</translation>
    </message>
    <message>
        <source>%1 real</source>
        <translation>%1 echt</translation>
    </message>
    <message>
        <source>%1 real + synthetic (guidance %2)</source>
        <translation>%1 echt + synthetisch (Guidance %2)</translation>
    </message>
    <message>
        <source>synthetic only, guidance %1</source>
        <translation>nur synthetisch, Guidance %1</translation>
    </message>
    <message>
        <source>%1 synthetic a class, picked at random</source>
        <translation>%1 synthetische je Klasse, zufällig gewählt</translation>
    </message>
    <message>
        <source>%1 synthetic a class, kept by the rule</source>
        <translation>%1 synthetische je Klasse, von der Regel behalten</translation>
    </message>
    <message>
        <source>Show Plan</source>
        <translation>Plan zeigen</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Experiments stored in the project</source>
        <translation>Im Projekt gespeicherte Experimente</translation>
    </message>
    <message>
        <source>usual</source>
        <translation>üblich</translation>
    </message>
    <message>
        <source>Percent of each class&apos;s real training images, one run each</source>
        <translation>Prozent der echten Trainingsbilder jeder Klasse, je ein Lauf</translation>
    </message>
    <message>
        <source>Guidance scales of the synthetic-only runs (the CAS curve)</source>
        <translation>Guidance-Skalen der rein synthetischen Läufe (die CAS-Kurve)</translation>
    </message>
    <message>
        <source>Guidance of the images mixed with the real ones</source>
        <translation>Guidance der Bilder, die den echten beigemischt werden</translation>
    </message>
    <message>
        <source>no filtering</source>
        <translation>keine Filterung</translation>
    </message>
    <message>
        <source>Training images every run sees, whatever the size of its data</source>
        <translation>Trainingsbilder, die jeder Lauf sieht, gleich wie groß seine Daten sind</translation>
    </message>
    <message>
        <source>Experiment:</source>
        <translation>Experiment:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation>Generator:</translation>
    </message>
    <message>
        <source>width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>Classifier:</source>
        <translation>Klassifikator:</translation>
    </message>
    <message>
        <source>Training images seen:</source>
        <translation>Gesehene Trainingsbilder:</translation>
    </message>
    <message>
        <source>Real data (%):</source>
        <translation>Echte Daten (%):</translation>
    </message>
    <message>
        <source>Guidance of the mixes:</source>
        <translation>Guidance der Mischungen:</translation>
    </message>
    <message>
        <source>Images a class:</source>
        <translation>Bilder je Klasse:</translation>
    </message>
    <message>
        <source>CAS guidance scales:</source>
        <translation>CAS-Guidance-Skalen:</translation>
    </message>
    <message>
        <source>Images a class per scale:</source>
        <translation>Bilder je Klasse und Skala:</translation>
    </message>
    <message>
        <source>Sampler steps:</source>
        <translation>Sampler-Schritte:</translation>
    </message>
    <message>
        <source>Filtering, images a class:</source>
        <translation>Filterung, Bilder je Klasse:</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Schätzung</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Guidance-Skala</translation>
    </message>
    <message>
        <source>CAS (synthetic-only top-1 / real top-1)</source>
        <translation>CAS (Top-1 nur synthetisch / Top-1 echt)</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>CAS against Guidance</source>
        <translation>CAS nach Guidance</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The experiment is done.</source>
        <translation>Das Experiment ist fertig.</translation>
    </message>
    <message>
        <source>Table as Markdown and CSV…</source>
        <translation>Tabelle als Markdown und CSV…</translation>
    </message>
    <message>
        <source>Export the Table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>Wrote %1.md and %1.csv to %2.</source>
        <translation>%1.md und %1.csv nach %2 geschrieben.</translation>
    </message>
    <message>
        <source>CAS Plot…</source>
        <translation>CAS-Diagramm…</translation>
    </message>
    <message>
        <source>Export the CAS Plot</source>
        <translation>CAS-Diagramm exportieren</translation>
    </message>
    <message>
        <source>Images (*.png *.svg *.pdf)</source>
        <translation>Bilder (*.png *.svg *.pdf)</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>%1 geschrieben.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a percentage.</source>
        <translation>„%1“ ist keine Prozentzahl.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a guidance scale.</source>
        <translation>„%1“ ist keine Guidance-Skala.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Kein Projekt ist geöffnet.</translation>
    </message>
    <message>
        <source>The generator is still being read; try again in a moment.</source>
        <translation>Der Generator wird noch gelesen; bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>The generator cannot be used: %1</source>
        <translation>Der Generator ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>%1 steps; Start runs them, skipping what is done.</source>
        <translation>%1 Schritte; „Starten“ führt sie aus und überspringt, was fertig ist.</translation>
    </message>
    <message>
        <source>The experiment is running.</source>
        <translation>Das Experiment läuft.</translation>
    </message>
    <message>
        <source>Stopping after the current step&apos;s work…</source>
        <translation>Halte nach der laufenden Arbeit des Schritts an…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Azizi et al. (2023, ImageNet 256 px, ResNet-50): CAS %1, and %2 points of top-1 from adding generated images to the real ones.</source>
        <translation>Azizi et al. (2023, ImageNet 256 px, ResNet-50): CAS %1 und %2 Punkte Top-1, wenn erzeugte Bilder den echten hinzugefügt werden.</translation>
    </message>
    <message>
        <source>This experiment</source>
        <translation>Dieses Experiment</translation>
    </message>
    <message>
        <source>dashed: Azizi et al. 2023, ImageNet 256 px (CAS %1)</source>
        <translation>gestrichelt: Azizi et al. 2023, ImageNet 256 px (CAS %1)</translation>
    </message>
    <message>
        <source>Show or open an experiment first.</source>
        <translation>Zuerst ein Experiment zeigen oder öffnen.</translation>
    </message>
    <message>
        <source>CAS against guidance</source>
        <translation>CAS nach Guidance</translation>
    </message>
    <message>
        <source>Stopped; Start resumes it where it stopped.</source>
        <translation>Angehalten; „Starten“ setzt es dort fort, wo es stehen blieb.</translation>
    </message>
    <message>
        <source>Conditions an image must meet, e.g. self_confidence&gt;=0.5 and uniqueness&gt;0.1; the best of those by uniqueness are kept</source>
        <translation>Bedingungen, die ein Bild erfüllen muss, z. B. self_confidence&gt;=0.5 and uniqueness&gt;0.1; die besten davon nach Einzigartigkeit werden behalten</translation>
    </message>
    <message>
        <source>Filter rule:</source>
        <translation>Filterregel:</translation>
    </message>
    <message>
        <source>Run Curves</source>
        <translation>Lauf-Kurven</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Test top-1 (%)</source>
        <translation>Test-Top-1 (%)</translation>
    </message>
    <message>
        <source>Test top-1</source>
        <translation>Test-Top-1</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Trainingsschritt</translation>
    </message>
</context>
<context>
    <name>FailuresPanel</name>
    <message>
        <source>Edit Prompt</source>
        <translation>Prompt bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate Class…</source>
        <translation>Klasse neu erzeugen…</translation>
    </message>
    <message>
        <source>Retrain Same Config</source>
        <translation>Gleich neu trainieren</translation>
    </message>
    <message>
        <source>Open the selected true class&apos;s prompt in the prompt editor</source>
        <translation>Den Prompt der gewählten wahren Klasse im Prompt-Editor öffnen</translation>
    </message>
    <message>
        <source>Generate new synthetic images of the selected class only, with its prompt as it is now, and set its current ones aside</source>
        <translation>Neue synthetische Bilder nur der gewählten Klasse mit ihrem jetzigen Prompt erzeugen und die bisherigen beiseitelegen</translation>
    </message>
    <message>
        <source>Train a new run with this run&apos;s configuration, then compare</source>
        <translation>Einen neuen Lauf mit der Konfiguration dieses Laufs trainieren und vergleichen</translation>
    </message>
    <message>
        <source>A second run whose per-class accuracy is shown beside this one</source>
        <translation>Ein zweiter Lauf, dessen Genauigkeit pro Klasse daneben steht</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Wahre Klasse</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Verglichen</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Confused with</source>
        <translation>Verwechselt mit</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Lauf:</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>Regenerate %1</source>
        <translation>%1 neu erzeugen</translation>
    </message>
    <message>
        <source>Generate new synthetic images of %1 with its prompt as it is now, as many as run %2 trained on, and set its current synthetic images aside (marked rejected; the files stay)? When the images are made, the run is trained again with the same configuration and shown here beside the old one.</source>
        <translation>Neue synthetische Bilder von %1 mit dem jetzigen Prompt erzeugen, so viele wie Lauf %2 verwendet hat, und die bisherigen beiseitelegen (als abgelehnt markiert; die Dateien bleiben)? Sobald die Bilder fertig sind, wird mit derselben Konfiguration neu trainiert und das Ergebnis hier neben dem alten gezeigt.</translation>
    </message>
    <message>
        <source>Generation job %1 makes %2 new images of %3; %4 old ones were set aside.</source>
        <translation>Generierungsauftrag %1 erzeugt %2 neue Bilder von %3; %4 alte wurden beiseitegelegt.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1: %2 on %3 · top-1 %4, top-5 %5 on %6 real test images. Click a cell to see its test images and the synthetic images both classes were trained on.</source>
        <translation>%1: %2 auf %3 · Top-1 %4, Top-5 %5 auf %6 echten Testbildern. Eine Zelle anklicken, um ihre Testbilder und die synthetischen Trainingsbilder beider Klassen zu sehen.</translation>
    </message>
    <message>
        <source>No evaluated run yet: train one in the Training panel.</source>
        <translation>Noch kein ausgewerteter Lauf: im Bereich „Training“ einen trainieren.</translation>
    </message>
    <message>
        <source>Run %1 has no stored predictions.</source>
        <translation>Lauf %1 hat keine gespeicherten Vorhersagen.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 test images of %2 classified correctly</source>
        <translation>%1 Testbilder von %2 richtig erkannt</translation>
    </message>
    <message>
        <source>%1 test images of %2 classified as %3, most confident first</source>
        <translation>%1 Testbilder von %2 als %3 erkannt, sicherste zuerst</translation>
    </message>
    <message>
        <source>Image %1
Confidence %2 %
Top 5: %3</source>
        <translation>Bild %1
Konfidenz %2 %
Top 5: %3</translation>
    </message>
    <message>
        <source>%1: no synthetic training images in this run</source>
        <translation>%1: keine synthetischen Trainingsbilder in diesem Lauf</translation>
    </message>
    <message>
        <source>Synthetic training images of %1</source>
        <translation>Synthetische Trainingsbilder von %1</translation>
    </message>
    <message>
        <source>%1
from %2</source>
        <translation>%1
aus %2</translation>
    </message>
    <message>
        <source>Edit Prompt of %1</source>
        <translation>Prompt von %1 bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate %1…</source>
        <translation>%1 neu erzeugen…</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>This run&apos;s accuracy minus the compared run&apos;s, in percentage points: green where %1 does better than %2</source>
        <translation>Genauigkeit dieses Laufs minus die des Vergleichslaufs, in Prozentpunkten: grün, wo %1 besser ist als %2</translation>
    </message>
</context>
<context>
    <name>GenerationJobDialog</name>
    <message>
        <source>The model is still being read; try again in a moment.</source>
        <translation>Das Modell wird noch gelesen; bitte gleich noch einmal versuchen.</translation>
    </message>
    <message>
        <source>New Generation Job</source>
        <translation>Neuer Generierungsauftrag</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Each class&apos;s own template</source>
        <translation>Eigene Vorlage jeder Klasse</translation>
    </message>
    <message>
        <source>Copied into the job when it is made: later template edits do not change it</source>
        <translation>Wird beim Anlegen in den Auftrag kopiert: spätere Änderungen an Vorlagen wirken sich nicht aus</translation>
    </message>
    <message>
        <source>Images per forward pass; the images do not depend on it</source>
        <translation>Bilder pro Vorwärtsdurchlauf; die Bilder hängen nicht davon ab</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Images per class:</source>
        <translation>Bilder pro Klasse:</translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation>Prompt-Vorlage:</translation>
    </message>
    <message>
        <source>Guidance scale:</source>
        <translation>Guidance-Skala:</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Sampler:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Queue Job</source>
        <translation>Auftrag einreihen</translation>
    </message>
    <message>
        <source>The job needs a name.</source>
        <translation>Der Auftrag braucht einen Namen.</translation>
    </message>
    <message>
        <source>The model cannot be used: %1</source>
        <translation>Das Modell ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Choose at least one class.</source>
        <translation>Wählen Sie mindestens eine Klasse.</translation>
    </message>
    <message>
        <source>e.g. blurry, text, watermark</source>
        <translation>z. B. unscharf, Text, Wasserzeichen</translation>
    </message>
    <message>
        <source>Stable Diffusion: what no image should show</source>
        <translation>Stable Diffusion: was kein Bild zeigen soll</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Negativer Prompt:</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>Bildgröße:</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>Breite und Höhe müssen Vielfache von 8 sein.</translation>
    </message>
    <message>
        <source>Eta (DDIM):</source>
        <translation>Eta (DDIM):</translation>
    </message>
    <message>
        <source>Each image is converted (colour to greyscale or back, then resized) before it is stored; its provenance says so</source>
        <translation>Jedes Bild wird vor dem Speichern umgewandelt (Farbe in Graustufen oder umgekehrt, dann skaliert); seine Herkunftsangaben sagen es</translation>
    </message>
    <message>
        <source>Convert the %1 images to the project&apos;s kind: %2</source>
        <translation>Umwandeln: die Bilder (%1) in die Bildart des Projekts, %2</translation>
    </message>
    <message>
        <source>A job name cannot contain slashes.</source>
        <translation>Ein Auftragsname darf keine Schrägstriche enthalten.</translation>
    </message>
    <message>
        <source>There is a job named &apos;%1&apos; already; choose another name.</source>
        <translation>Es gibt bereits einen Auftrag „%1“; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>This model makes images of another kind than the project&apos;s (%1). Tick “Convert” to store each image converted, or choose another model.</source>
        <translation>Dieses Modell erzeugt Bilder einer anderen Art als die des Projekts (%1). Haken Sie „Umwandeln“ an, um jedes Bild umgewandelt zu speichern, oder wählen Sie ein anderes Modell.</translation>
    </message>
    <message>
        <source>Plan for a Slurm Cluster…</source>
        <translation>Plan für einen Slurm-Cluster …</translation>
    </message>
    <message>
        <source>Cut the job into shards that Slurm array tasks make on other hosts, then merge</source>
        <translation>Den Auftrag in Shards teilen, die Aufgaben eines Slurm-Arrays auf anderen Rechnern erzeugen, dann zusammenführen</translation>
    </message>
</context>
<context>
    <name>GenerationJobWorker</name>
    <message>
        <source>loading the model: %1% (%2)</source>
        <translation>lade das Modell: %1 % (%2)</translation>
    </message>
</context>
<context>
    <name>GenerationQueueModel</name>
    <message>
        <source>Queued</source>
        <translation>Eingereiht</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>Running (elsewhere)</source>
        <translation>Läuft (anderswo)</translation>
    </message>
    <message>
        <source>1 class × %1</source>
        <translation>1 Klasse × %1</translation>
    </message>
    <message>
        <source>%1 classes × %2</source>
        <translation>%1 Klassen × %2</translation>
    </message>
    <message>
        <source>CFG %1, %2 %3 steps, seed %4</source>
        <translation>CFG %1, %2 %3 Schritte, Seed %4</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 img/s</source>
        <translation>%1 Bilder/s</translation>
    </message>
    <message>
        <source>Running (%1)</source>
        <translation>Läuft (%1)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modell: %1</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>eingebaut</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Negativer Prompt: %1</translation>
    </message>
    <message>
        <source>%1 %2×%3, %4</source>
        <translation>%1 %2×%3, %4</translation>
    </message>
</context>
<context>
    <name>GenerationQueuePanel</name>
    <message>
        <source>New Job…</source>
        <translation>Neuer Auftrag…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <source>Queue N images per class for chosen classes</source>
        <translation>N Bilder pro Klasse für gewählte Klassen einreihen</translation>
    </message>
    <message>
        <source>Start or resume the selected job; images already written are kept</source>
        <translation>Gewählten Auftrag starten oder fortsetzen; bereits geschriebene Bilder bleiben erhalten</translation>
    </message>
    <message>
        <source>Stop the selected job so that it can resume later</source>
        <translation>Gewählten Auftrag anhalten, um ihn später fortzusetzen</translation>
    </message>
    <message>
        <source>Stop the selected job for good; images already written are kept</source>
        <translation>Gewählten Auftrag endgültig beenden; bereits geschriebene Bilder bleiben erhalten</translation>
    </message>
    <message>
        <source>Generating &apos;%1&apos;: %2 of %3 images</source>
        <translation>Generiere „%1“: %2 von %3 Bildern</translation>
    </message>
    <message>
        <source>, %1 images/s, about %2 left</source>
        <translation>, %1 Bilder/s, noch etwa %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; failed: %2</source>
        <translation>„%1“ fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: %2</source>
        <translation>„%1“: %2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>There is no generation job &apos;%1&apos;.</source>
        <translation>Es gibt keinen Generierungsauftrag „%1“.</translation>
    </message>
    <message>
        <source>Starting &apos;%1&apos;…</source>
        <translation>Starte „%1“…</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Kein Projekt ist geöffnet.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is already done.</source>
        <translation>„%1“ ist bereits fertig.</translation>
    </message>
    <message>
        <source>Pausing &apos;%1&apos;…</source>
        <translation>Pausiere „%1“…</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not running.</source>
        <translation>„%1“ läuft nicht.</translation>
    </message>
    <message>
        <source>Cancelling &apos;%1&apos;…</source>
        <translation>Breche „%1“ ab…</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has already ended.</source>
        <translation>„%1“ ist bereits beendet.</translation>
    </message>
    <message>
        <source>Remove Job…</source>
        <translation>Auftrag entfernen…</translation>
    </message>
    <message>
        <source>Take the selected job off the list; its images stay in the project</source>
        <translation>Gewählten Auftrag aus der Liste nehmen; seine Bilder bleiben im Projekt</translation>
    </message>
    <message>
        <source>The job could not be made: %1</source>
        <translation>Der Auftrag konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Remove Job</source>
        <translation>Auftrag entfernen</translation>
    </message>
    <message>
        <source>Take &apos;%1&apos; off the list? Its %2 images stay in the project, in dataset &apos;gen-%1&apos;; review can reject them.</source>
        <translation>„%1“ aus der Liste nehmen? Seine %2 Bilder bleiben im Projekt, im Datensatz „gen-%1“; in der Durchsicht lassen sie sich ablehnen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is running; pause or cancel it first.</source>
        <translation>„%1“ läuft; zuerst pausieren oder abbrechen.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed; its images stay in the project.</source>
        <translation>„%1“ entfernt; seine Bilder bleiben im Projekt.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Copy the images into the project folder</source>
        <translation>Bilder in den Projektordner kopieren</translation>
    </message>
    <message>
        <source>Import Real Images</source>
        <translation>Echte Bilder importieren</translation>
    </message>
    <message>
        <source>From file and folder names</source>
        <translation>Aus Datei- und Ordnernamen</translation>
    </message>
    <message>
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <source>val</source>
        <translation>val</translation>
    </message>
    <message>
        <source>the source folder&apos;s name</source>
        <translation>Name des Quellordners</translation>
    </message>
    <message>
        <source>Unchecked, the project links to the images where they are (for large sets such as ImageNet).</source>
        <translation>Nicht angehakt, verweist das Projekt auf die Bilder an ihrem Ort (für große Sätze wie ImageNet).</translation>
    </message>
    <message>
        <source>An IDX folder (*-images-idx3-ubyte.gz with *-labels-idx1-ubyte.gz, labels in class order) or an ImageFolder: one folder per class named by its wnid, optionally inside train/, val/ and test/.</source>
        <translation>Ein IDX-Ordner (*-images-idx3-ubyte.gz mit *-labels-idx1-ubyte.gz, Labels in Klassenreihenfolge) oder ein ImageFolder: ein Ordner pro Klasse, benannt nach ihrer wnid, optional in train/, val/ und test/.</translation>
    </message>
    <message>
        <source>Source folder:</source>
        <translation>Quellordner:</translation>
    </message>
    <message>
        <source>Folder to import</source>
        <translation>Zu importierender Ordner</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Aufteilung:</translation>
    </message>
    <message>
        <source>Dataset name:</source>
        <translation>Datensatzname:</translation>
    </message>
</context>
<context>
    <name>LocaleText</name>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Evaluating</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Scoring generated images</source>
        <translation>Bewertung der generierten Bilder</translation>
    </message>
    <message>
        <source>Class scores</source>
        <translation>Klassenwerte</translation>
    </message>
    <message>
        <source>Scored</source>
        <translation>Bewertet</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Loading images</source>
        <translation>Bilder werden geladen</translation>
    </message>
    <message>
        <source>Images loaded</source>
        <translation>Bilder geladen</translation>
    </message>
    <message>
        <source>Corrupting images</source>
        <translation>Bilder werden verfälscht</translation>
    </message>
    <message>
        <source>Robustness evaluated</source>
        <translation>Robustheit ausgewertet</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Import abgeschlossen</translation>
    </message>
    <message>
        <source>%1 real</source>
        <translation>%1 echt</translation>
    </message>
    <message>
        <source>accepted synthetic</source>
        <translation>akzeptierte synthetische</translation>
    </message>
    <message>
        <source>synthetic</source>
        <translation>synthetisch</translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <source>greyscale, of varied sizes</source>
        <translation>Graustufen, in verschiedenen Größen</translation>
    </message>
    <message>
        <source>colour, of varied sizes</source>
        <translation>Farbe, in verschiedenen Größen</translation>
    </message>
    <message>
        <source>%1×%2 greyscale</source>
        <translation>%1×%2 Graustufen</translation>
    </message>
    <message>
        <source>%1×%2 colour</source>
        <translation>%1×%2 Farbe</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Synset Studio</source>
        <translation>Synset Studio</translation>
    </message>
    <message>
        <source>Synsets</source>
        <translation>Synsets</translation>
    </message>
    <message>
        <source>Synset Details</source>
        <translation>Synset-Details</translation>
    </message>
    <message>
        <source>Prompt Editor</source>
        <translation>Prompt-Editor</translation>
    </message>
    <message>
        <source>WordNet missing</source>
        <translation>WordNet fehlt</translation>
    </message>
    <message>
        <source>WordNet 3.0 could not be read:
%1</source>
        <translation>WordNet 3.0 konnte nicht gelesen werden:
%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open &amp;Default Project (Fashion-MNIST)</source>
        <translation>&amp;Standardprojekt öffnen (Fashion-MNIST)</translation>
    </message>
    <message>
        <source>&amp;Import Real Images…</source>
        <translation>Echte Bilder &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Synset Studio</source>
        <translation>Ü&amp;ber Synset Studio</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Preparing the Fashion-MNIST project…</source>
        <translation>Fashion-MNIST-Projekt wird vorbereitet…</translation>
    </message>
    <message>
        <source>Cannot open the default project</source>
        <translation>Standardprojekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Creating project %1…</source>
        <translation>Projekt %1 wird erstellt…</translation>
    </message>
    <message>
        <source>Cannot create project</source>
        <translation>Projekt kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Probleme beim Import</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert…</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Imported %1 images.</source>
        <translation>%1 Bilder importiert.</translation>
    </message>
    <message>
        <source>Cancelled; what was imported before stays.</source>
        <translation>Abgebrochen; bereits Importiertes bleibt erhalten.</translation>
    </message>
    <message>
        <source>Import finished with problems</source>
        <translation>Import mit Problemen beendet</translation>
    </message>
    <message>
        <source>%1 files could not be imported.</source>
        <translation>%1 Dateien konnten nicht importiert werden.</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Kein Projekt</translation>
    </message>
    <message>
        <source>%1 — Synset Studio</source>
        <translation>%1 — Synset Studio</translation>
    </message>
    <message>
        <source>%1 classes · %2 real images · %3 synthetic · %4</source>
        <translation>%1 Klassen · %2 echte Bilder · %3 synthetisch · %4</translation>
    </message>
    <message>
        <source>About Synset Studio</source>
        <translation>Über Synset Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Synset Studio %1&lt;/h3&gt;&lt;p&gt;A workbench for building image-classification datasets from diffusion models: WordNet synsets, prompts per class, generation, curation, training and robustness.&lt;/p&gt;&lt;p&gt;WordNet 3.0 © Princeton University. Fashion-MNIST © Zalando SE (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Synset Studio %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank zum Erstellen von Bildklassifikations-Datensätzen mit Diffusionsmodellen: WordNet-Synsets, Prompts pro Klasse, Generierung, Kuratierung, Training und Robustheit.&lt;/p&gt;&lt;p&gt;WordNet 3.0 © Princeton University. Fashion-MNIST © Zalando SE (MIT).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Please wait for the running task to finish or cancel it.</source>
        <translation>Bitte warten Sie, bis die laufende Aufgabe endet, oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispielbilder</translation>
    </message>
    <message>
        <source>Generation Jobs</source>
        <translation>Generierungsaufträge</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Neu trainieren</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Robustness</source>
        <translation>Robustheit</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <source>Built-in Fashion-MNIST generator</source>
        <translation>Eingebauter Fashion-MNIST-Generator</translation>
    </message>
    <message>
        <source>The generator: the built-in class-conditional model, or a Stable Diffusion 1.x folder or .safetensors checkpoint</source>
        <translation>Der Generator: das eingebaute klassenbedingte Modell oder ein Stable-Diffusion-1.x-Ordner bzw. .safetensors-Checkpoint</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Stable Diffusion Folder (diffusers)…</source>
        <translation>Stable-Diffusion-Ordner (diffusers)…</translation>
    </message>
    <message>
        <source>Stable Diffusion Folder</source>
        <translation>Stable-Diffusion-Ordner</translation>
    </message>
    <message>
        <source>Checkpoint or Model File…</source>
        <translation>Checkpoint- oder Modelldatei…</translation>
    </message>
    <message>
        <source>Generator Model</source>
        <translation>Generatormodell</translation>
    </message>
    <message>
        <source>Models (*.safetensors)</source>
        <translation>Modelle (*.safetensors)</translation>
    </message>
    <message>
        <source>%1; hash %2</source>
        <translation>%1; Hash %2</translation>
    </message>
    <message>
        <source>DDIM&apos;s eta: 0 is deterministic, 1 draws fresh noise at every step. The built-in generator&apos;s images are cleaner at 1</source>
        <translation>Eta von DDIM: 0 ist deterministisch, 1 zieht bei jedem Schritt neues Rauschen. Die Bilder des eingebauten Generators sind bei 1 sauberer</translation>
    </message>
    <message>
        <source>diffusers folder</source>
        <translation>diffusers-Ordner</translation>
    </message>
    <message>
        <source>single-file LDM checkpoint</source>
        <translation>LDM-Checkpoint in einer Datei</translation>
    </message>
    <message>
        <source>Stable Diffusion, %1, %2 (%3)</source>
        <translation>Stable Diffusion, %1, %2 (%3)</translation>
    </message>
    <message>
        <source>greyscale</source>
        <translation>Graustufen</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>%1 channels</source>
        <translation>%1 Kanäle</translation>
    </message>
    <message>
        <source>%1 classes, %2, %3, %4 parameters</source>
        <translation>%1 Klassen, %2, %3, %4 Parameter</translation>
    </message>
    <message>
        <source>latent channels</source>
        <translation>latente Kanäle</translation>
    </message>
    <message>
        <source>context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>Köpfe</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>Import the real Fashion-MNIST images</source>
        <translation>Die echten Fashion-MNIST-Bilder importieren</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>My dataset</source>
        <translation>Mein Datensatz</translation>
    </message>
    <message>
        <source>Fashion-MNIST (10 classes)</source>
        <translation>Fashion-MNIST (10 Klassen)</translation>
    </message>
    <message>
        <source>ImageNet-1K (1000 classes)</source>
        <translation>ImageNet-1K (1000 Klassen)</translation>
    </message>
    <message>
        <source>ImageNet-100 (100 classes)</source>
        <translation>ImageNet-100 (100 Klassen)</translation>
    </message>
    <message>
        <source>From a file of wnids…</source>
        <translation>Aus einer Datei mit wnids…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Project folder</source>
        <translation>Projektordner</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Class file:</source>
        <translation>Klassendatei:</translation>
    </message>
    <message>
        <source>File of wnids</source>
        <translation>Datei mit wnids</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>One wnid per line (e.g. n01440764); &apos;#&apos; starts a comment; a name may follow the wnid.</source>
        <translation>Eine wnid pro Zeile (z. B. n01440764); &apos;#&apos; leitet einen Kommentar ein; nach der wnid darf ein Name folgen.</translation>
    </message>
    <message>
        <source>Real images of other datasets can be imported later (File › Import Real Images).</source>
        <translation>Echte Bilder anderer Datensätze lassen sich später importieren (Datei › Echte Bilder importieren).</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>%1: unknown format &apos;%2&apos; (png, svg or pdf)</source>
        <translation>%1: unbekanntes Format „%2“ (png, svg oder pdf)</translation>
    </message>
    <message>
        <source>%1: could not be written</source>
        <translation>%1: konnte nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>No project is open.</source>
        <translation>Kein Projekt ist geöffnet.</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>Distinct prompts: more than 10^19</source>
        <translation>Verschiedene Prompts: mehr als 10^19</translation>
    </message>
    <message>
        <source>Distinct prompts: %1</source>
        <translation>Verschiedene Prompts: %1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Project template (all synsets)</source>
        <translation>Projektvorlage (alle Synsets)</translation>
    </message>
    <message>
        <source>Override for this synset</source>
        <translation>Eigene Vorlage für dieses Synset</translation>
    </message>
    <message>
        <source>e.g. {name}, {hypernym} inside {background}</source>
        <translation>z. B. {name}, {hypernym} inside {background}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Replace the text with the chosen built-in template</source>
        <translation>Den Text durch die gewählte eingebaute Vorlage ersetzen</translation>
    </message>
    <message>
        <source>Placeholder</source>
        <translation>Platzhalter</translation>
    </message>
    <message>
        <source>Value for this synset</source>
        <translation>Wert für dieses Synset</translation>
    </message>
    <message>
        <source>Double-click to insert at the cursor</source>
        <translation>Doppelklick fügt an der Schreibmarke ein</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Gilt für:</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Ausgehend von:</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Verlauf:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation>Prompts:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>%1 rückgängig machen</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>%1 wiederholen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Project prompt template&lt;/b&gt;</source>
        <translation>&lt;b&gt;Prompt-Vorlage des Projekts&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Prompt for &lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:gray&apos;&gt;(%2)&lt;/span&gt;</source>
        <translation>Prompt für &lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:gray&apos;&gt;(%2)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Only classes of the project can have their own prompt</source>
        <translation>Nur Klassen des Projekts können eine eigene Vorlage haben</translation>
    </message>
    <message>
        <source>edit of the project template</source>
        <translation>Änderung der Projektvorlage</translation>
    </message>
    <message>
        <source>edit of the prompt for %1</source>
        <translation>Änderung des Prompts für %1</translation>
    </message>
    <message>
        <source>override of the prompt for %1</source>
        <translation>eigene Vorlage für %1</translation>
    </message>
    <message>
        <source>removal of the override for %1</source>
        <translation>Entfernen der eigenen Vorlage für %1</translation>
    </message>
    <message>
        <source>(override removed)</source>
        <translation>(eigene Vorlage entfernt)</translation>
    </message>
    <message>
        <source>(no list)</source>
        <translation>(keine Liste)</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>eines von %1</translation>
    </message>
    <message>
        <source>word list, items: %1</source>
        <translation>Wortliste, Einträge: %1</translation>
    </message>
    <message>
        <source>Wildcard: one item of the project&apos;s list &apos;%1&apos;</source>
        <translation>Platzhalter: ein Eintrag der Projektliste &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>no word list named %1</source>
        <translation>keine Wortliste namens %1</translation>
    </message>
    <message>
        <source>Word Lists…</source>
        <translation>Wortlisten…</translation>
    </message>
    <message>
        <source>Edit the backgrounds, counts and wildcard lists of this project</source>
        <translation>Hintergründe, Anzahlen und Platzhalterlisten dieses Projekts bearbeiten</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Scored %1 images with run %2 in %3 s (%4 images/s); %5 near-duplicates.</source>
        <translation>%1 Bilder mit Lauf %2 in %3 s bewertet (%4 Bilder/s); %5 Beinahe-Duplikate.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 in %2 s</source>
        <translation>%1 in %2 s</translation>
    </message>
    <message>
        <source>Evaluated %1.</source>
        <translation>Ausgewertet: %1.</translation>
    </message>
</context>
<context>
    <name>ReviewGrid</name>
    <message>
        <source>A accept, R reject, U undo, Space large view; arrows move, Shift and Ctrl select several</source>
        <translation>A annehmen, R ablehnen, U rückgängig, Leertaste große Ansicht; Pfeile bewegen, Umschalt und Strg wählen mehrere</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Image %1</source>
        <translation>Bild %1</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Creation order</source>
        <translation>Erstellungsreihenfolge</translation>
    </message>
    <message>
        <source>Self-confidence</source>
        <translation>Eigenkonfidenz</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Marge</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <source>Distance to real</source>
        <translation>Abstand zu echten</translation>
    </message>
    <message>
        <source>Uniqueness</source>
        <translation>Einzigartigkeit</translation>
    </message>
    <message>
        <source>Worst first</source>
        <translation>Schlechteste zuerst</translation>
    </message>
    <message>
        <source>Score Images</source>
        <translation>Bilder bewerten</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Drop near-duplicates</source>
        <translation>Beinahe-Duplikate verwerfen</translation>
    </message>
    <message>
        <source>Apply Rule</source>
        <translation>Regel anwenden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Zustände</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Vorschaugröße</translation>
    </message>
    <message>
        <source>Score every generated image with the best classifier trained on real images only</source>
        <translation>Jedes generierte Bild mit dem besten nur auf echten Bildern trainierten Klassifikator bewerten</translation>
    </message>
    <message>
        <source>Take back the last review or rule (U)</source>
        <translation>Letzte Prüfung oder Regel zurücknehmen (U)</translation>
    </message>
    <message>
        <source>Write the images as an ImageFolder with a manifest</source>
        <translation>Die Bilder als ImageFolder mit Manifest schreiben</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>keep top </source>
        <translation>die besten </translation>
    </message>
    <message>
        <source>Keep at most this many images a class, the best by the score</source>
        <translation>Höchstens so viele Bilder je Klasse behalten, die besten nach dem Wert</translation>
    </message>
    <message>
        <source>Accept the images the rule keeps and reject the others; reviews made by hand are left as they are</source>
        <translation>Die von der Regel behaltenen Bilder annehmen, die anderen ablehnen; von Hand geprüfte bleiben, wie sie sind</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>Conf.</source>
        <translation>Konf.</translation>
    </message>
    <message>
        <source>FID</source>
        <translation>FID</translation>
    </message>
    <message>
        <source>KID</source>
        <translation>KID</translation>
    </message>
    <message>
        <source>Diversity</source>
        <translation>Vielfalt</translation>
    </message>
    <message>
        <source>Fréchet distance to the real images of the class, on the reference classifier&apos;s penultimate-layer features (not Inception&apos;s)</source>
        <translation>Fréchet-Abstand zu den echten Bildern der Klasse, auf den Merkmalen der vorletzten Schicht des Referenzklassifikators (nicht Inception)</translation>
    </message>
    <message>
        <source>Kernel inception distance (cubic polynomial kernel) on the same features</source>
        <translation>Kernel Inception Distance (kubischer Polynomkern) auf denselben Merkmalen</translation>
    </message>
    <message>
        <source>Mean pairwise feature distance among the class&apos;s generated images</source>
        <translation>Mittlerer paarweiser Merkmalsabstand der generierten Bilder der Klasse</translation>
    </message>
    <message>
        <source>Click or drag to set a threshold on this score</source>
        <translation>Klicken oder ziehen, um eine Schwelle für diesen Wert zu setzen</translation>
    </message>
    <message>
        <source>Sort by:</source>
        <translation>Sortieren nach:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>Zoom:</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Alle Klassen</translation>
    </message>
    <message>
        <source>Click the histogram to set a threshold, or keep the top images of each class.</source>
        <translation>Ins Histogramm klicken, um eine Schwelle zu setzen, oder die besten Bilder jeder Klasse behalten.</translation>
    </message>
    <message>
        <source>Rule %1 keeps %2 and drops %3 (%4 reviews change; %5 reviewed by hand stay)</source>
        <translation>Regel %1 behält %2 und verwirft %3 (%4 Prüfungen ändern sich; %5 von Hand geprüfte bleiben)</translation>
    </message>
    <message>
        <source>%1: %2/%3  </source>
        <translation>%1: %2/%3  </translation>
    </message>
    <message>
        <source>No project is open</source>
        <translation>Kein Projekt ist geöffnet</translation>
    </message>
    <message>
        <source>Applied %1: kept %2, dropped %3. Undo takes it back.</source>
        <translation>%1 angewendet: %2 behalten, %3 verworfen. Rückgängig nimmt es zurück.</translation>
    </message>
    <message>
        <source>Select images to review first</source>
        <translation>Zuerst Bilder zum Prüfen auswählen</translation>
    </message>
    <message>
        <source>Undid: %1</source>
        <translation>Rückgängig gemacht: %1</translation>
    </message>
    <message>
        <source>Not scored yet. Score Images uses the best classifier trained on real images only as the reference.</source>
        <translation>Noch nicht bewertet. „Bilder bewerten“ nimmt den besten nur auf echten Bildern trainierten Klassifikator als Referenz.</translation>
    </message>
    <message>
        <source>Scores from run %1 (%2), trained on real images only. FID and KID use its %3-d penultimate-layer features, not Inception&apos;s.</source>
        <translation>Werte von Lauf %1 (%2), nur auf echten Bildern trainiert. FID und KID nutzen seine %3-dimensionalen Merkmale der vorletzten Schicht, nicht die von Inception.</translation>
    </message>
    <message>
        <source>Generated Image</source>
        <translation>Generiertes Bild</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3&lt;br&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — Bild %2 aus %3&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Seed:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Guidance:&lt;/b&gt; %3 &amp;nbsp; &lt;b&gt;Sampler:&lt;/b&gt; %4&lt;br&gt;</source>
        <translation>&lt;b&gt;Prompt:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Seed:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Guidance:&lt;/b&gt; %3 &amp;nbsp; &lt;b&gt;Sampler:&lt;/b&gt; %4&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predicted:&lt;/b&gt; %1&lt;br&gt;</source>
        <translation>&lt;b&gt;Vorhergesagt:&lt;/b&gt; %1&lt;br&gt;</translation>
    </message>
    <message>
        <source>Self-confidence %1, margin %2, entropy %3&lt;br&gt;Distance to real %4, uniqueness %5</source>
        <translation>Eigenkonfidenz %1, Marge %2, Entropie %3&lt;br&gt;Abstand zu echten %4, Einzigartigkeit %5</translation>
    </message>
    <message>
        <source>&lt;br&gt;Near-duplicate of image %1</source>
        <translation>&lt;br&gt;Beinahe-Duplikat von Bild %1</translation>
    </message>
    <message>
        <source>Not scored yet</source>
        <translation>Noch nicht bewertet</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Review:&lt;/b&gt; %1%2</source>
        <translation>&lt;br&gt;&lt;b&gt;Prüfung:&lt;/b&gt; %1%2</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Export as ImageFolder</source>
        <translation>Als ImageFolder exportieren</translation>
    </message>
    <message>
        <source>Accepted images only (else all but rejected)</source>
        <translation>Nur angenommene Bilder (sonst alle außer abgelehnten)</translation>
    </message>
    <message>
        <source>Add the real training images</source>
        <translation>Die echten Trainingsbilder hinzufügen</translation>
    </message>
    <message>
        <source>Choose Folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>One folder per wnid, as torchvision&apos;s ImageFolder reads, and manifest.csv with prompts, seeds, scores and reviews.</source>
        <translation>Ein Ordner je WNID, wie ihn torchvisions ImageFolder liest, und manifest.csv mit Prompts, Seeds, Werten und Prüfungen.</translation>
    </message>
    <message>
        <source>New Folder for the Export</source>
        <translation>Neuer Ordner für den Export</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>&lt;b&gt;Negative prompt:&lt;/b&gt; %1&lt;br&gt;</source>
        <translation>&amp;lt;b&amp;gt;Negativer Prompt:&amp;lt;/b&amp;gt; %1&amp;lt;br&amp;gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Steps:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;Size:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Model:&lt;/b&gt; %3&lt;br&gt;</source>
        <translation>&amp;lt;b&amp;gt;Schritte:&amp;lt;/b&amp;gt; %1 &amp;amp;nbsp; &amp;lt;b&amp;gt;Größe:&amp;lt;/b&amp;gt; %2 &amp;amp;nbsp; &amp;lt;b&amp;gt;Modell:&amp;lt;/b&amp;gt; %3&amp;lt;br&amp;gt;</translation>
    </message>
    <message>
        <source>Exported %1 generated and %2 real images to %3, a folder per class: %4.</source>
        <translation>%1 generierte und %2 echte Bilder nach %3 exportiert, ein Ordner je Klasse: %4.</translation>
    </message>
    <message>
        <source>Left out, with no image to export: %1. ImageFolder numbers the other %2 classes from 0, as class_index in manifest.csv and classes.json do.</source>
        <translation>Ausgelassen, da ohne Bild zum Exportieren: %1. ImageFolder nummeriert die übrigen %2 Klassen ab 0, wie class_index in manifest.csv und classes.json.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>Probelauf…</translation>
    </message>
    <message>
        <source>Wait for the running job to finish</source>
        <translation>Warten Sie, bis die laufende Aufgabe fertig ist</translation>
    </message>
    <message>
        <source>Applying the rule</source>
        <translation>Regel wird angewandt</translation>
    </message>
    <message>
        <source>Exported %1 generated and %2 real images to %3, in %4 class folders.</source>
        <translation>%1 generierte und %2 echte Bilder nach %3 exportiert, in %4 Klassenordnern.</translation>
    </message>
</context>
<context>
    <name>RobustnessPanel</name>
    <message>
        <source>Corruptions (15 × 5)</source>
        <translation>Störungen (15 × 5)</translation>
    </message>
    <message>
        <source>Adversarial (FGSM, PGD)</source>
        <translation>Adversarial (FGSM, PGD)</translation>
    </message>
    <message>
        <source>Representation metrics</source>
        <translation>Repräsentationsmaße</translation>
    </message>
    <message>
        <source>Linear probe</source>
        <translation>Lineare Sonde</translation>
    </message>
    <message>
        <source>Evaluate Checked Runs</source>
        <translation>Angehakte Läufe auswerten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Runs (checked ones are compared):</source>
        <translation>Läufe (angehakte werden verglichen):</translation>
    </message>
    <message>
        <source>Finished training runs; check the ones to compare and evaluate</source>
        <translation>Fertige Trainingsläufe; die zu vergleichenden und auszuwertenden anhaken</translation>
    </message>
    <message>
        <source>Corruption errors (CE, mCE) are relative to this run</source>
        <translation>Störungsfehler (CE, mCE) beziehen sich auf diesen Lauf</translation>
    </message>
    <message>
        <source>Baseline for mCE:</source>
        <translation>Referenz für mCE:</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <source>100 real test images a class under every corruption</source>
        <translation>100 echte Testbilder pro Klasse unter jeder Störung</translation>
    </message>
    <message>
        <source>50 real test images a class; epsilon 0, 1, 2, 4 and 8 / 255; PGD 10 steps</source>
        <translation>50 echte Testbilder pro Klasse; Epsilon 0, 1, 2, 4 und 8 / 255; PGD 10 Schritte</translation>
    </message>
    <message>
        <source>A logistic-regression head on the frozen features of 1000 real training images a class, tested on the real test images</source>
        <translation>Ein logistischer Regressionskopf auf den eingefrorenen Merkmalen von 1000 echten Trainingsbildern pro Klasse, getestet auf den echten Testbildern</translation>
    </message>
    <message>
        <source>Domain-shift sets (ImageFolders, wnid folders):</source>
        <translation>Domänenwechsel-Sätze (ImageFolder, wnid-Ordner):</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Spider chart axes:</source>
        <translation>Achsen des Netzdiagramms:</translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <source>PNG, SVG or PDF</source>
        <translation>PNG, SVG oder PDF</translation>
    </message>
    <message>
        <source>Spider Chart</source>
        <translation>Netzdiagramm</translation>
    </message>
    <message>
        <source>Corruption:</source>
        <translation>Störung:</translation>
    </message>
    <message>
        <source>Mean of all corruptions</source>
        <translation>Mittel aller Störungen</translation>
    </message>
    <message>
        <source>Family: %1</source>
        <translation>Familie: %1</translation>
    </message>
    <message>
        <source>Accuracy vs Severity</source>
        <translation>Genauigkeit nach Stärke</translation>
    </message>
    <message>
        <source>Accuracy vs Epsilon</source>
        <translation>Genauigkeit nach Epsilon</translation>
    </message>
    <message>
        <source>Corruption Gallery</source>
        <translation>Störungsgalerie</translation>
    </message>
    <message>
        <source>Top-1 accuracy (%)</source>
        <translation>Top-1-Genauigkeit (%)</translation>
    </message>
    <message>
        <source>Severity (0: clean)</source>
        <translation>Stärke (0: unverändert)</translation>
    </message>
    <message>
        <source>Epsilon (× 1/255); FGSM dashed, PGD solid</source>
        <translation>Epsilon (× 1/255); FGSM gestrichelt, PGD durchgezogen</translation>
    </message>
    <message>
        <source>%1  (not evaluated)</source>
        <translation>%1  (nicht ausgewertet)</translation>
    </message>
    <message>
        <source>%1  (%2 %)</source>
        <translation>%1  (%2 %)</translation>
    </message>
    <message>
        <source>Lower is better</source>
        <translation>Niedriger ist besser</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Clean %</source>
        <translation>Sauber %</translation>
    </message>
    <message>
        <source>Corrupted %</source>
        <translation>Gestört %</translation>
    </message>
    <message>
        <source>mCE</source>
        <translation>mCE</translation>
    </message>
    <message>
        <source>Rel. mCE</source>
        <translation>Rel. mCE</translation>
    </message>
    <message>
        <source>FGSM %</source>
        <translation>FGSM %</translation>
    </message>
    <message>
        <source>PGD %</source>
        <translation>PGD %</translation>
    </message>
    <message>
        <source>Probe %</source>
        <translation>Sonde %</translation>
    </message>
    <message>
        <source>ΔR</source>
        <translation>ΔR</translation>
    </message>
    <message>
        <source>%1 (ε %2)</source>
        <translation>%1 (ε %2)</translation>
    </message>
    <message>
        <source>Check the runs to evaluate first.</source>
        <translation>Zuerst die auszuwertenden Läufe anhaken.</translation>
    </message>
    <message>
        <source>Evaluating %1…</source>
        <translation>Werte %1 aus…</translation>
    </message>
    <message>
        <source>Export Spider Chart</source>
        <translation>Netzdiagramm exportieren</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</source>
        <translation>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Chart written to %1</source>
        <translation>Diagramm nach %1 geschrieben</translation>
    </message>
    <message>
        <source>Domain-Shift Set (one folder per wnid)</source>
        <translation>Domänenwechsel-Satz (ein Ordner pro wnid)</translation>
    </message>
    <message>
        <source>the project&apos;s real images</source>
        <translation>die echten Bilder des Projekts</translation>
    </message>
    <message>
        <source>The labelled set the linear probe trains and tests on: a folder with IDX files (train-*, t10k-*) or an ImageFolder with train/ and test/; empty: the project&apos;s real images</source>
        <translation>Der beschriftete Satz, auf dem die lineare Sonde trainiert und getestet wird: ein Ordner mit IDX-Dateien (train-*, t10k-*) oder ein ImageFolder mit train/ und test/; leer: die echten Bilder des Projekts</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Probe set:</source>
        <translation>Sondensatz:</translation>
    </message>
    <message>
        <source>Probe Set (IDX files, or train/ and test/ ImageFolders)</source>
        <translation>Sondensatz (IDX-Dateien oder ImageFolder train/ und test/)</translation>
    </message>
    <message>
        <source>Worst to best run</source>
        <translation>Schlechtester bis bester Lauf</translation>
    </message>
    <message>
        <source>Zero to best run</source>
        <translation>Null bis bester Lauf</translation>
    </message>
    <message>
        <source>Worst to best: the worst run on the inner ring, the best on the outer one. Zero to best: the centre is zero, so the radius is the share of the best run&apos;s value.</source>
        <translation>Schlechtester bis bester: der schlechteste Lauf auf dem inneren Ring, der beste auf dem äußeren. Null bis bester: die Mitte ist null, der Radius ist der Anteil am Wert des besten Laufs.</translation>
    </message>
    <message>
        <source>Scale each axis:</source>
        <translation>Achsen skalieren:</translation>
    </message>
    <message>
        <source>Hover a point for the raw value.</source>
        <translation>Mit der Maus über einem Punkt steht der Rohwert.</translation>
    </message>
    <message>
        <source>Zeros %</source>
        <translation>Nullen %</translation>
    </message>
    <message>
        <source>Clean accuracy</source>
        <translation>Genauigkeit (sauber)</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>Unschärfe</translation>
    </message>
    <message>
        <source>Weather</source>
        <translation>Wetter</translation>
    </message>
    <message>
        <source>Digital</source>
        <translation>Digital</translation>
    </message>
    <message>
        <source>Mean corruption accuracy</source>
        <translation>Mittlere Genauigkeit unter Störungen</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>Dünnbesetztheit</translation>
    </message>
    <message>
        <source>Intra-class distance</source>
        <translation>Abstand innerhalb der Klasse</translation>
    </message>
    <message>
        <source>Class separation</source>
        <translation>Klassentrennung</translation>
    </message>
    <message>
        <source>Redundancy</source>
        <translation>Redundanz</translation>
    </message>
    <message>
        <source>Coding rate R</source>
        <translation>Kodierrate R</translation>
    </message>
    <message>
        <source>Rate reduction ΔR</source>
        <translation>Ratenreduktion ΔR</translation>
    </message>
    <message>
        <source>Gaussian noise</source>
        <translation>Gaußsches Rauschen</translation>
    </message>
    <message>
        <source>Shot noise</source>
        <translation>Schrotrauschen</translation>
    </message>
    <message>
        <source>Impulse noise</source>
        <translation>Impulsrauschen</translation>
    </message>
    <message>
        <source>Defocus blur</source>
        <translation>Defokussierung</translation>
    </message>
    <message>
        <source>Glass blur</source>
        <translation>Glasunschärfe</translation>
    </message>
    <message>
        <source>Motion blur</source>
        <translation>Bewegungsunschärfe</translation>
    </message>
    <message>
        <source>Zoom blur</source>
        <translation>Zoomunschärfe</translation>
    </message>
    <message>
        <source>Snow</source>
        <translation>Schnee</translation>
    </message>
    <message>
        <source>Frost</source>
        <translation>Frost</translation>
    </message>
    <message>
        <source>Fog</source>
        <translation>Nebel</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>Helligkeit</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>Kontrast</translation>
    </message>
    <message>
        <source>Elastic transform</source>
        <translation>Elastische Verzerrung</translation>
    </message>
    <message>
        <source>Pixelate</source>
        <translation>Verpixelung</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>Domain: %1</source>
        <translation>Domäne: %1</translation>
    </message>
    <message>
        <source>Linear probe: %1</source>
        <translation>Lineare Sonde: %1</translation>
    </message>
    <message>
        <source>Severity (0: the same %1 test images, clean)</source>
        <translation>Stärke (0: dieselben %1 Testbilder, unverändert)</translation>
    </message>
    <message>
        <source>Top-1 accuracy on the whole test set (the severity curve starts at the clean accuracy of the corrupted images only)</source>
        <translation>Top-1-Genauigkeit auf dem ganzen Testsatz (die Stärke-Kurve beginnt bei der Genauigkeit nur der verfälschten Bilder, unverändert)</translation>
    </message>
</context>
<context>
    <name>RunDialog</name>
    <message>
        <source>New Training Run</source>
        <translation>Neuer Trainingslauf</translation>
    </message>
    <message>
        <source>Small CNN</source>
        <translation>Kleines CNN</translation>
    </message>
    <message>
        <source>ResNet-18 (small-image stem)</source>
        <translation>ResNet-18 (Stamm für kleine Bilder)</translation>
    </message>
    <message>
        <source>ResNet-50 (small-image stem)</source>
        <translation>ResNet-50 (Stamm für kleine Bilder)</translation>
    </message>
    <message>
        <source>usual</source>
        <translation>üblich</translation>
    </message>
    <message>
        <source>Channels of the first stage; the usual width is 32 for the CNN and 64 for the ResNets. Narrower models train faster.</source>
        <translation>Kanäle der ersten Stufe; üblich sind 32 beim CNN und 64 bei den ResNets. Schmalere Modelle trainieren schneller.</translation>
    </message>
    <message>
        <source>Share of each class&apos;s real training images, picked by the seed</source>
        <translation>Anteil der echten Trainingsbilder jeder Klasse, per Seed gewählt</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>All generated (not rejected)</source>
        <translation>Alle erzeugten (nicht abgelehnt)</translation>
    </message>
    <message>
        <source>Accepted only</source>
        <translation>Nur angenommene</translation>
    </message>
    <message>
        <source>Generated sets to draw from; none checked means all of them</source>
        <translation>Erzeugte Sätze, aus denen gezogen wird; keiner angehakt heißt alle</translation>
    </message>
    <message>
        <source>%1 (%2 images)</source>
        <translation>%1 (%2 Bilder)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>At most this many synthetic images per real image of a class</source>
        <translation>Höchstens so viele synthetische Bilder je echtem Bild einer Klasse</translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation>SGD, Momentum 0,9</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <source>Peak learning rate of the cosine schedule; auto is 0.1 x batch/256 for SGD and 0.001 for AdamW</source>
        <translation>Höchste Lernrate des Kosinus-Plans; auto ist 0,1 × Batch/256 bei SGD und 0,001 bei AdamW</translation>
    </message>
    <message>
        <source>DINO-style (crop, flip, jitter, grey, blur, solarize)</source>
        <translation>DINO-artig (Ausschnitt, Spiegeln, Farbe, Grau, Unschärfe, Solarisation)</translation>
    </message>
    <message>
        <source>Light (crop, flip)</source>
        <translation>Leicht (Ausschnitt, Spiegeln)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Real images:</source>
        <translation>Echte Bilder:</translation>
    </message>
    <message>
        <source>Synthetic images:</source>
        <translation>Synthetische Bilder:</translation>
    </message>
    <message>
        <source>From sets:</source>
        <translation>Aus Sätzen:</translation>
    </message>
    <message>
        <source>Synthetic per real:</source>
        <translation>Synthetisch je echtem:</translation>
    </message>
    <message>
        <source>Model and optimisation</source>
        <translation>Modell und Optimierung</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Breite:</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Epochen:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>Optimierer:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>Augmentierung:</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>Label Smoothing:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Name des Laufs:</translation>
    </message>
    <message>
        <source>Trains on %1 real and %2 synthetic images (%3).</source>
        <translation>Trainiert auf %1 echten und %2 synthetischen Bildern (%3).</translation>
    </message>
    <message>
        <source>Real training images as one batch sees them with this augmentation</source>
        <translation>Echte Trainingsbilder, wie ein Batch sie mit dieser Augmentierung sieht</translation>
    </message>
</context>
<context>
    <name>SampleGrid</name>
    <message>
        <source>w = %1</source>
        <translation>w = %1</translation>
    </message>
    <message>
        <source>seed %1</source>
        <translation>Seed %1</translation>
    </message>
</context>
<context>
    <name>SamplesPanel</name>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Guidance scales, one grid column each: 0 is unconditional, 1 conditional</source>
        <translation>Guidance-Skalen, je eine Rasterspalte: 0 ist unbedingt, 1 bedingt</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Klasse:</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Sampler:</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Schritte:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>Seeds:</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidance:</translation>
    </message>
    <message>
        <source>Guidance %1: step %2 of %3</source>
        <translation>Guidance %1: Schritt %2 von %3</translation>
    </message>
    <message>
        <source>%1 images in %2 s. Click one for its parameters and &quot;Add to Dataset&quot;.</source>
        <translation>%1 Bilder in %2 s. Klicken Sie auf eines für seine Parameter und „Zum Datensatz hinzufügen“.</translation>
    </message>
    <message>
        <source>The generator has no class %1.</source>
        <translation>Der Generator hat keine Klasse %1.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a guidance scale.</source>
        <translation>„%1“ ist keine Guidance-Skala.</translation>
    </message>
    <message>
        <source>Loading the generator…</source>
        <translation>Lade den Generator…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>That image is not finished yet.</source>
        <translation>Dieses Bild ist noch nicht fertig.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Beispielbild</translation>
    </message>
    <message>
        <source>Add to Dataset</source>
        <translation>Zum Datensatz hinzufügen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>e.g. blurry, text, watermark</source>
        <translation>z. B. unscharf, Text, Wasserzeichen</translation>
    </message>
    <message>
        <source>Stable Diffusion: what the images should not show (the unconditional half of classifier-free guidance)</source>
        <translation>Stable Diffusion: was die Bilder nicht zeigen sollen (die unbedingte Hälfte der Classifier-free Guidance)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Image width; a multiple of 8</source>
        <translation>Bildbreite; ein Vielfaches von 8</translation>
    </message>
    <message>
        <source>Image height; a multiple of 8</source>
        <translation>Bildhöhe; ein Vielfaches von 8</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Negative:</source>
        <translation>Negativ:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>Loading the generator… %1% (%2)</source>
        <translation>Lade den Generator… %1 % (%2)</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>Prompt: %1</translation>
    </message>
    <message>
        <source>The class&apos;s prompt template, expanded for each seed row; edit it in the prompt editor</source>
        <translation>Die Prompt-Vorlage der Klasse, für jede Seed-Zeile expandiert; im Prompt-Editor bearbeiten</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>Breite und Höhe müssen Vielfache von 8 sein.</translation>
    </message>
    <message>
        <source>Eta:</source>
        <translation>Eta:</translation>
    </message>
    <message>
        <source>Seed %1: %2</source>
        <translation>Seed %1: %2</translation>
    </message>
    <message>
        <source>Prompts by seed row: %1</source>
        <translation>Prompts je Seed-Zeile: %1</translation>
    </message>
    <message>
        <source>This sample is %1; the project&apos;s images are %2.</source>
        <translation>Dieses Bild ist %1; die Bilder des Projekts sind %2.</translation>
    </message>
    <message>
        <source>It is added only converted to the project&apos;s kind.</source>
        <translation>Es wird nur in die Bildart des Projekts umgewandelt hinzugefügt.</translation>
    </message>
    <message>
        <source>Convert it to the project&apos;s kind (colour to greyscale or back, then resized) and add it?</source>
        <translation>In die Bildart des Projekts umwandeln (Farbe in Graustufen oder umgekehrt, dann skaliert) und hinzufügen?</translation>
    </message>
    <message>
        <source>Convert and Add</source>
        <translation>Umwandeln und hinzufügen</translation>
    </message>
    <message>
        <source>Sample the grid: a column per guidance scale, a row per seed (%1)</source>
        <translation>Das Raster erzeugen: eine Spalte je Guidance-Skala, eine Zeile je Seed (%1)</translation>
    </message>
</context>
<context>
    <name>SpiderChart</name>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source> (lower is better)</source>
        <translation> (niedriger ist besser)</translation>
    </message>
    <message>
        <source>Evaluate runs and pick at least three axes</source>
        <translation>Läufe auswerten und mindestens drei Achsen wählen</translation>
    </message>
    <message>
        <source>Pick at least three axes</source>
        <translation>Mindestens drei Achsen wählen</translation>
    </message>
    <message>
        <source>Robustness spider chart</source>
        <translation>Robustheits-Netzdiagramm</translation>
    </message>
</context>
<context>
    <name>SynsetBrowser</name>
    <message>
        <source>Search lemmas, definitions, wnids…</source>
        <translation>Lemmata, Definitionen, wnids suchen…</translation>
    </message>
    <message>
        <source>Classes: hypernym tree</source>
        <translation>Klassen: Hyperonym-Baum</translation>
    </message>
    <message>
        <source>Classes: list</source>
        <translation>Klassen: Liste</translation>
    </message>
    <message>
        <source>All WordNet nouns</source>
        <translation>Alle WordNet-Substantive</translation>
    </message>
    <message>
        <source>Synset</source>
        <translation>Synset</translation>
    </message>
    <message>
        <source>wnid</source>
        <translation>wnid</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Type to search WordNet&apos;s 82,115 noun synsets</source>
        <translation>Tippen, um WordNets 82.115 Substantiv-Synsets zu durchsuchen</translation>
    </message>
    <message>
        <source>Synsets found: %1</source>
        <translation>Gefundene Synsets: %1</translation>
    </message>
    <message>
        <source>Classes: %1</source>
        <translation>Klassen: %1</translation>
    </message>
    <message>
        <source>Matching classes: %1 of %2</source>
        <translation>Passende Klassen: %1 von %2</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Definition</translation>
    </message>
</context>
<context>
    <name>SynsetDetails</name>
    <message>
        <source>&lt;i&gt;Select a synset&lt;/i&gt;</source>
        <translation>&lt;i&gt;Ein Synset auswählen&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;Unknown synset %1&lt;/i&gt;</source>
        <translation>&lt;i&gt;Unbekanntes Synset %1&lt;/i&gt;</translation>
    </message>
    <message>
        <source> · class %1</source>
        <translation> · Klasse %1</translation>
    </message>
    <message>
        <source> · not a class of this project</source>
        <translation> · keine Klasse dieses Projekts</translation>
    </message>
    <message>
        <source>Lemmas:</source>
        <translation>Lemmata:</translation>
    </message>
    <message>
        <source>Definition:</source>
        <translation>Definition:</translation>
    </message>
    <message>
        <source>Hypernym path:</source>
        <translation>Hyperonym-Pfad:</translation>
    </message>
    <message>
        <source>Hyponyms:</source>
        <translation>Hyponyme:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Real images:&lt;/b&gt; none imported yet</source>
        <translation>&lt;b&gt;Echte Bilder:&lt;/b&gt; noch keine importiert</translation>
    </message>
    <message>
        <source>&lt;b&gt;Real images&lt;/b&gt; (first %1)</source>
        <translation>&lt;b&gt;Echte Bilder&lt;/b&gt; (die ersten %1)</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>New Run…</source>
        <translation>Neuer Lauf…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Show Failures</source>
        <translation>Fehler zeigen</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Top-1 (%)</source>
        <translation>Top-1 (%)</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>LR</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>Plot</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Top-1</source>
        <translation>Top-1</translation>
    </message>
    <message>
        <source>Top-5</source>
        <translation>Top-5</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Train a classifier on a mix of real and synthetic images</source>
        <translation>Einen Klassifikator auf einer Mischung echter und synthetischer Bilder trainieren</translation>
    </message>
    <message>
        <source>Continue the selected run after its last completed epoch</source>
        <translation>Den gewählten Lauf nach seiner letzten vollständigen Epoche fortsetzen</translation>
    </message>
    <message>
        <source>Stop the selected run; it keeps its last checkpoint and can resume</source>
        <translation>Den gewählten Lauf anhalten; er behält seinen letzten Checkpoint und kann fortgesetzt werden</translation>
    </message>
    <message>
        <source>Open the selected run&apos;s confusion matrix and failing classes</source>
        <translation>Konfusionsmatrix und schwache Klassen des gewählten Laufs öffnen</translation>
    </message>
    <message>
        <source>Smoothing of the loss curve (TensorBoard&apos;s debiased moving average); the raw loss stays drawn faintly</source>
        <translation>Glättung der Verlustkurve (entzerrter gleitender Mittelwert wie in TensorBoard); der Rohverlust bleibt blass sichtbar</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>Glättung:</translation>
    </message>
    <message>
        <source>%1: %2, %3 % done</source>
        <translation>%1: %2, %3 % erledigt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Delete Run</source>
        <translation>Lauf löschen</translation>
    </message>
    <message>
        <source>Delete run %1 with its metrics, predictions and model files?</source>
        <translation>Lauf %1 mit Metriken, Vorhersagen und Modelldateien löschen?</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>Training (elsewhere)</source>
        <translation>Training (anderswo)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Nicht gestartet</translation>
    </message>
    <message>
        <source>%1 real + %2 synthetic images</source>
        <translation>%1 echte + %2 synthetische Bilder</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 Training</translation>
    </message>
    <message>
        <source>%1 test</source>
        <translation>%1 Test</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>No project is open</source>
        <translation>Kein Projekt ist geöffnet</translation>
    </message>
    <message>
        <source>No run is selected</source>
        <translation>Kein Lauf ist gewählt</translation>
    </message>
    <message>
        <source>Run %1 is finished</source>
        <translation>Lauf %1 ist fertig</translation>
    </message>
    <message>
        <source>Run %1 is not training here</source>
        <translation>Lauf %1 trainiert nicht hier</translation>
    </message>
    <message>
        <source>%1: stopping after this step…</source>
        <translation>%1: hält nach diesem Schritt an…</translation>
    </message>
    <message>
        <source>Run %1 is training; cancel it first</source>
        <translation>Lauf %1 trainiert; zuerst abbrechen</translation>
    </message>
    <message>
        <source>%1: loading images…</source>
        <translation>%1: Bilder werden geladen…</translation>
    </message>
</context>
<context>
    <name>WordListCommand</name>
    <message>
        <source>change of word list %1</source>
        <translation>Änderung der Wortliste %1</translation>
    </message>
</context>
<context>
    <name>WordListDialog</name>
    <message>
        <source>Word Lists</source>
        <translation>Wortlisten</translation>
    </message>
    <message>
        <source>New List…</source>
        <translation>Neue Liste…</translation>
    </message>
    <message>
        <source>Load File…</source>
        <translation>Datei laden…</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Drop the project&apos;s copy and use the built-in list or wildcards/NAME.txt</source>
        <translation>Die Kopie des Projekts verwerfen und die eingebaute Liste oder wildcards/NAME.txt verwenden</translation>
    </message>
    <message>
        <source>List:</source>
        <translation>Liste:</translation>
    </message>
    <message>
        <source>The project&apos;s own copy.</source>
        <translation>Die eigene Kopie des Projekts.</translation>
    </message>
    <message>
        <source>Built-in or from wildcards/%1.txt; saving keeps a copy in the project.</source>
        <translation>Eingebaut oder aus wildcards/%1.txt; Speichern legt eine Kopie im Projekt ab.</translation>
    </message>
    <message>
        <source>Use it as __%1__ in a template.</source>
        <translation>In einer Vorlage als __%1__ verwenden.</translation>
    </message>
    <message>
        <source>New Word List</source>
        <translation>Neue Wortliste</translation>
    </message>
    <message>
        <source>Name (letters, digits, _ or -):</source>
        <translation>Name (Buchstaben, Ziffern, _ oder -):</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid list name.</source>
        <translation>&apos;%1&apos; ist kein gültiger Listenname.</translation>
    </message>
    <message>
        <source>Load Word List</source>
        <translation>Wortliste laden</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Build image-classification datasets from diffusion models.</source>
        <translation>Bildklassifikations-Datensätze mit Diffusionsmodellen erstellen.</translation>
    </message>
    <message>
        <source>User interface language (e.g. de, fr).</source>
        <translation>Sprache der Oberfläche (z. B. de, fr).</translation>
    </message>
    <message>
        <source>Project folder to open (default: the Fashion-MNIST project).</source>
        <translation>Zu öffnender Projektordner (Standard: das Fashion-MNIST-Projekt).</translation>
    </message>
    <message>
        <source>Synset to select once the project is open.</source>
        <translation>Synset, das nach dem Öffnen des Projekts ausgewählt wird.</translation>
    </message>
    <message>
        <source>Panel to bring to the front: %1.</source>
        <translation>Bereich, der vorne liegen soll: %1.</translation>
    </message>
</context>
</TS>
