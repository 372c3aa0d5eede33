<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ClassTableModel</name>
    <message>
        <source>own override</source>
        <translation>modèle propre</translation>
    </message>
    <message>
        <source>project template</source>
        <translation>modèle du projet</translation>
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
        <translation>Nom</translation>
    </message>
    <message>
        <source>Real train</source>
        <translation>Réel (entraînement)</translation>
    </message>
    <message>
        <source>Real test</source>
        <translation>Réel (test)</translation>
    </message>
    <message>
        <source>Synthetic</source>
        <translation>Synthétique</translation>
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
        <translation>Soumettre maintenant avec sbatch</translation>
    </message>
    <message>
        <source>Plan for a Slurm Cluster</source>
        <translation>Plan pour un cluster Slurm</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos;: %2 images of %3 classes, in batches of %4. Each shard is one Slurm array task that writes into the project&apos;s shards/%1 folder; the merge job adds the finished shards to the project.</source>
        <translation>Plan « %1 » : %2 images de %3 classes, par lots de %4. Chaque shard est une tâche d’un tableau Slurm qui écrit dans le dossier shards/%1 du projet ; la tâche de fusion ajoute les shards terminés au projet.</translation>
    </message>
    <message>
        <source>Array tasks running at once (0: no limit)</source>
        <translation>Tâches du tableau exécutées en même temps (0 : sans limite)</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>valeur par défaut du cluster</translation>
    </message>
    <message>
        <source>The synset-cli the compute nodes run (the same file system)</source>
        <translation>Le synset-cli qu’exécutent les nœuds de calcul (même système de fichiers)</translation>
    </message>
    <message>
        <source>sbatch is not on this machine&apos;s PATH: submit submit.sh from a login node</source>
        <translation>sbatch n’est pas dans le PATH de cette machine : soumettez submit.sh depuis un nœud de connexion</translation>
    </message>
    <message>
        <source>Shards:</source>
        <translation>Shards :</translation>
    </message>
    <message>
        <source>Partition:</source>
        <translation>Partition :</translation>
    </message>
    <message>
        <source>Account:</source>
        <translation>Compte :</translation>
    </message>
    <message>
        <source>GPUs (--gres):</source>
        <translation>GPU (--gres) :</translation>
    </message>
    <message>
        <source>Time limit:</source>
        <translation>Limite de temps :</translation>
    </message>
    <message>
        <source>Tasks at once:</source>
        <translation>Tâches simultanées :</translation>
    </message>
    <message>
        <source>synset-cli:</source>
        <translation>synset-cli :</translation>
    </message>
    <message>
        <source>Write Plan</source>
        <translation>Écrire le plan</translation>
    </message>
    <message>
        <source>Give the absolute path of synset-cli on the cluster.</source>
        <translation>Indiquez le chemin absolu de synset-cli sur le cluster.</translation>
    </message>
    <message>
        <source>Writing the plan…</source>
        <translation>Écriture du plan…</translation>
    </message>
    <message>
        <source>Not planned: %1</source>
        <translation>Non planifié : %1</translation>
    </message>
    <message>
        <source>The plan is written, the scripts are not: %1</source>
        <translation>Le plan est écrit, pas les scripts : %1</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; written: %2 images in %3 shards. Submit with: sh %4</source>
        <translation>Plan « %1 » écrit : %2 images en %3 shards. Soumettre avec : sh %4</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; submitted: %2</source>
        <translation>Plan « %1 » soumis : %2</translation>
    </message>
    <message>
        <source>Plan &apos;%1&apos; written; sbatch failed: %2</source>
        <translation>Plan « %1 » écrit ; sbatch a échoué : %2</translation>
    </message>
    <message>
        <source>Shard k makes the images whose id modulo the shard count is k</source>
        <translation>Le shard k produit les images dont le numéro modulo le nombre de shards vaut k</translation>
    </message>
</context>
<context>
    <name>ClusterPlansPanel</name>
    <message>
        <source>Plan &apos;%1&apos;: %2 shards merged (%3 images), %4 merged before, %5 not finished.</source>
        <translation>Plan « %1 » : %2 shards fusionnés (%3 images), %4 déjà fusionnés, %5 non terminés.</translation>
    </message>
    <message>
        <source>Merge Finished Shards</source>
        <translation>Fusionner les shards terminés</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Shards</source>
        <translation>Shards</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminés</translation>
    </message>
    <message>
        <source>Partial</source>
        <translation>Partiels</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Manquants</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>Fusionnés</translation>
    </message>
    <message>
        <source>To make (--array)</source>
        <translation>Reste à produire (--array)</translation>
    </message>
    <message>
        <source>Add the images of every finished shard to the project, checked against the plan; merging again adds nothing</source>
        <translation>Ajouter au projet les images de chaque shard terminé, vérifiées d’après le plan ; fusionner à nouveau n’ajoute rien</translation>
    </message>
    <message>
        <source>Cluster plans (synset-cli plan, slurm plan)</source>
        <translation>Plans pour cluster (synset-cli plan, slurm plan)</translation>
    </message>
    <message>
        <source>No plan yet: New Job…, then Plan for a Slurm Cluster…</source>
        <translation>Aucun plan : Nouvelle tâche…, puis Plan pour un cluster Slurm…</translation>
    </message>
    <message>
        <source>Choose a plan first.</source>
        <translation>Choisissez d’abord un plan.</translation>
    </message>
    <message>
        <source>A merge is running already.</source>
        <translation>Une fusion est déjà en cours.</translation>
    </message>
    <message>
        <source>Merging &apos;%1&apos;…</source>
        <translation>Fusion de « %1 »…</translation>
    </message>
    <message>
        <source>Not merged: %1</source>
        <translation>Non fusionné : %1</translation>
    </message>
</context>
<context>
    <name>CorruptionGallery</name>
    <message>
        <source>Test image:</source>
        <translation>Image de test :</translation>
    </message>
    <message>
        <source>Which real test image to show (every class in turn)</source>
        <translation>Quelle image de test réelle afficher (chaque classe à tour de rôle)</translation>
    </message>
    <message>
        <source>The project has no real test images.</source>
        <translation>Le projet n&apos;a pas d&apos;images de test réelles.</translation>
    </message>
    <message>
        <source>%1 — clean, then severities 1 to 5</source>
        <translation>%1 — intacte, puis sévérités 1 à 5</translation>
    </message>
    <message>
        <source>clean</source>
        <translation>intacte</translation>
    </message>
</context>
<context>
    <name>ExperimentPanel</name>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Entraîner</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtrer</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>À faire</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Commencé</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>%1 images a class, guidance %2</source>
        <translation>%1 images par classe, guidage %2</translation>
    </message>
    <message>
        <source>score the generated images, keep the best %1 a class</source>
        <translation>noter les images générées, garder les %1 meilleures par classe</translation>
    </message>
    <message>
        <source>%1 real</source>
        <translation>%1 réelles</translation>
    </message>
    <message>
        <source>%1 real + synthetic (guidance %2)</source>
        <translation>%1 réelles + synthétiques (guidage %2)</translation>
    </message>
    <message>
        <source>synthetic only, guidance %1</source>
        <translation>synthétiques seules, guidage %1</translation>
    </message>
    <message>
        <source>%1 synthetic a class, picked at random</source>
        <translation>%1 synthétiques par classe, tirées au hasard</translation>
    </message>
    <message>
        <source>%1 synthetic a class, kept by the rule</source>
        <translation>%1 synthétiques par classe, gardées par la règle</translation>
    </message>
    <message>
        <source>Show Plan</source>
        <translation>Afficher le plan</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Experiments stored in the project</source>
        <translation>Expériences enregistrées dans le projet</translation>
    </message>
    <message>
        <source>usual</source>
        <translation>habituelle</translation>
    </message>
    <message>
        <source>Percent of each class&apos;s real training images, one run each</source>
        <translation>Pourcentage des images d&apos;entraînement réelles de chaque classe, une exécution chacun</translation>
    </message>
    <message>
        <source>Guidance scales of the synthetic-only runs (the CAS curve)</source>
        <translation>Échelles de guidage des exécutions purement synthétiques (la courbe CAS)</translation>
    </message>
    <message>
        <source>Guidance of the images mixed with the real ones</source>
        <translation>Guidage des images mêlées aux réelles</translation>
    </message>
    <message>
        <source>no filtering</source>
        <translation>pas de filtrage</translation>
    </message>
    <message>
        <source>Training images every run sees, whatever the size of its data</source>
        <translation>Images d&apos;entraînement vues par chaque exécution, quelle que soit la taille de ses données</translation>
    </message>
    <message>
        <source>Experiment:</source>
        <translation>Expérience :</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Generator:</source>
        <translation>Générateur :</translation>
    </message>
    <message>
        <source>width</source>
        <translation>largeur</translation>
    </message>
    <message>
        <source>Classifier:</source>
        <translation>Classifieur :</translation>
    </message>
    <message>
        <source>Training images seen:</source>
        <translation>Images d&apos;entraînement vues :</translation>
    </message>
    <message>
        <source>Real data (%):</source>
        <translation>Données réelles (%) :</translation>
    </message>
    <message>
        <source>Guidance of the mixes:</source>
        <translation>Guidage des mélanges :</translation>
    </message>
    <message>
        <source>Images a class:</source>
        <translation>Images par classe :</translation>
    </message>
    <message>
        <source>CAS guidance scales:</source>
        <translation>Échelles de guidage CAS :</translation>
    </message>
    <message>
        <source>Images a class per scale:</source>
        <translation>Images par classe et échelle :</translation>
    </message>
    <message>
        <source>Sampler steps:</source>
        <translation>Pas du sampler :</translation>
    </message>
    <message>
        <source>Filtering, images a class:</source>
        <translation>Filtrage, images par classe :</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Quoi</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>Estimation</translation>
    </message>
    <message>
        <source>Guidance scale</source>
        <translation>Échelle de guidage</translation>
    </message>
    <message>
        <source>CAS (synthetic-only top-1 / real top-1)</source>
        <translation>CAS (top-1 synthétique seul / top-1 réel)</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <source>CAS against Guidance</source>
        <translation>CAS selon le guidage</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
    <message>
        <source>The experiment is done.</source>
        <translation>L&apos;expérience est terminée.</translation>
    </message>
    <message>
        <source>Table as Markdown and CSV…</source>
        <translation>Tableau en Markdown et CSV…</translation>
    </message>
    <message>
        <source>Export the Table</source>
        <translation>Exporter le tableau</translation>
    </message>
    <message>
        <source>Wrote %1.md and %1.csv to %2.</source>
        <translation>%1.md et %1.csv écrits dans %2.</translation>
    </message>
    <message>
        <source>CAS Plot…</source>
        <translation>Graphique CAS…</translation>
    </message>
    <message>
        <source>Export the CAS Plot</source>
        <translation>Exporter le graphique CAS</translation>
    </message>
    <message>
        <source>Images (*.png *.svg *.pdf)</source>
        <translation>Images (*.png *.svg *.pdf)</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>%1 écrit.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a percentage.</source>
        <translation>« %1 » n&apos;est pas un pourcentage.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a guidance scale.</source>
        <translation>« %1 » n&apos;est pas une échelle de guidage.</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Aucun projet n&apos;est ouvert.</translation>
    </message>
    <message>
        <source>The generator is still being read; try again in a moment.</source>
        <translation>Le générateur est encore en lecture ; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The generator cannot be used: %1</source>
        <translation>Le générateur est inutilisable : %1</translation>
    </message>
    <message>
        <source>%1 steps; Start runs them, skipping what is done.</source>
        <translation>%1 étapes ; « Démarrer » les exécute en sautant ce qui est fait.</translation>
    </message>
    <message>
        <source>The experiment is running.</source>
        <translation>L&apos;expérience est en cours.</translation>
    </message>
    <message>
        <source>Stopping after the current step&apos;s work…</source>
        <translation>Arrêt après le travail en cours de l&apos;étape…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Azizi et al. (2023, ImageNet 256 px, ResNet-50): CAS %1, and %2 points of top-1 from adding generated images to the real ones.</source>
        <translation>Azizi et al. (2023, ImageNet 256 px, ResNet-50) : CAS %1, et %2 points de top-1 en ajoutant des images générées aux réelles.</translation>
    </message>
    <message>
        <source>This experiment</source>
        <translation>Cette expérience</translation>
    </message>
    <message>
        <source>dashed: Azizi et al. 2023, ImageNet 256 px (CAS %1)</source>
        <translation>en tirets : Azizi et al. 2023, ImageNet 256 px (CAS %1)</translation>
    </message>
    <message>
        <source>Show or open an experiment first.</source>
        <translation>Affichez ou ouvrez d&apos;abord une expérience.</translation>
    </message>
    <message>
        <source>CAS against guidance</source>
        <translation>CAS selon le guidage</translation>
    </message>
    <message>
        <source>Stopped; Start resumes it where it stopped.</source>
        <translation>Arrêtée ; « Démarrer » la reprend là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <source>Conditions an image must meet, e.g. self_confidence&gt;=0.5 and uniqueness&gt;0.1; the best of those by uniqueness are kept</source>
        <translation>Conditions qu&apos;une image doit remplir, p. ex. self_confidence&gt;=0.5 and uniqueness&gt;0.1 ; les meilleures selon l&apos;unicité sont gardées</translation>
    </message>
    <message>
        <source>Filter rule:</source>
        <translation>Règle de filtrage :</translation>
    </message>
    <message>
        <source>Run Curves</source>
        <translation>Courbes du run</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Perte d&apos;entraînement</translation>
    </message>
    <message>
        <source>Test top-1 (%)</source>
        <translation>Top-1 test (%)</translation>
    </message>
    <message>
        <source>Test top-1</source>
        <translation>Top-1 test</translation>
    </message>
    <message>
        <source>Training step</source>
        <translation>Pas d&apos;entraînement</translation>
    </message>
</context>
<context>
    <name>FailuresPanel</name>
    <message>
        <source>Edit Prompt</source>
        <translation>Modifier l&apos;invite</translation>
    </message>
    <message>
        <source>Regenerate Class…</source>
        <translation>Régénérer la classe…</translation>
    </message>
    <message>
        <source>Retrain Same Config</source>
        <translation>Réentraîner à l’identique</translation>
    </message>
    <message>
        <source>Open the selected true class&apos;s prompt in the prompt editor</source>
        <translation>Ouvrir l&apos;invite de la vraie classe choisie dans l&apos;éditeur d&apos;invites</translation>
    </message>
    <message>
        <source>Generate new synthetic images of the selected class only, with its prompt as it is now, and set its current ones aside</source>
        <translation>Générer de nouvelles images synthétiques de la seule classe choisie, avec son invite actuelle, et écarter les anciennes</translation>
    </message>
    <message>
        <source>Train a new run with this run&apos;s configuration, then compare</source>
        <translation>Entraîner une nouvelle exécution avec la configuration de celle-ci, puis comparer</translation>
    </message>
    <message>
        <source>A second run whose per-class accuracy is shown beside this one</source>
        <translation>Une seconde exécution dont la précision par classe est affichée à côté</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Classe prédite</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Vraie classe</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Compared</source>
        <translation>Comparée</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>Confused with</source>
        <translation>Confondue avec</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Exécution :</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Comparer avec :</translation>
    </message>
    <message>
        <source>Regenerate %1</source>
        <translation>Régénérer %1</translation>
    </message>
    <message>
        <source>Generate new synthetic images of %1 with its prompt as it is now, as many as run %2 trained on, and set its current synthetic images aside (marked rejected; the files stay)? When the images are made, the run is trained again with the same configuration and shown here beside the old one.</source>
        <translation>Générer de nouvelles images synthétiques de %1 avec son invite actuelle, autant que l&apos;exécution %2 en a utilisé, et écarter les anciennes (marquées rejetées ; les fichiers restent) ? Une fois les images prêtes, l&apos;exécution est réentraînée avec la même configuration et affichée ici à côté de l&apos;ancienne.</translation>
    </message>
    <message>
        <source>Generation job %1 makes %2 new images of %3; %4 old ones were set aside.</source>
        <translation>La tâche de génération %1 produit %2 nouvelles images de %3 ; %4 anciennes ont été écartées.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>%1 — %2, %3</source>
        <translation>%1 — %2, %3</translation>
    </message>
    <message>
        <source>%1: %2 on %3 · top-1 %4, top-5 %5 on %6 real test images. Click a cell to see its test images and the synthetic images both classes were trained on.</source>
        <translation>%1 : %2 sur %3 · top-1 %4, top-5 %5 sur %6 images de test réelles. Cliquez une case pour voir ses images de test et les images synthétiques d’entraînement des deux classes.</translation>
    </message>
    <message>
        <source>No evaluated run yet: train one in the Training panel.</source>
        <translation>Aucune exécution évaluée : entraînez-en une dans le panneau Entraînement.</translation>
    </message>
    <message>
        <source>Run %1 has no stored predictions.</source>
        <translation>L&apos;exécution %1 n&apos;a pas de prédictions enregistrées.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 test images of %2 classified correctly</source>
        <translation>%1 images de test de %2 bien classées</translation>
    </message>
    <message>
        <source>%1 test images of %2 classified as %3, most confident first</source>
        <translation>%1 images de test de %2 classées comme %3, les plus confiantes d’abord</translation>
    </message>
    <message>
        <source>Image %1
Confidence %2 %
Top 5: %3</source>
        <translation>Image %1
Confiance %2 %
Top 5 : %3</translation>
    </message>
    <message>
        <source>%1: no synthetic training images in this run</source>
        <translation>%1 : aucune image synthétique d’entraînement dans cette exécution</translation>
    </message>
    <message>
        <source>Synthetic training images of %1</source>
        <translation>Images synthétiques d&apos;entraînement de %1</translation>
    </message>
    <message>
        <source>%1
from %2</source>
        <translation>%1
de %2</translation>
    </message>
    <message>
        <source>Edit Prompt of %1</source>
        <translation>Modifier l&apos;invite de %1</translation>
    </message>
    <message>
        <source>Regenerate %1…</source>
        <translation>Régénérer %1…</translation>
    </message>
    <message>
        <source>%1 − %2</source>
        <translation>%1 − %2</translation>
    </message>
    <message>
        <source>This run&apos;s accuracy minus the compared run&apos;s, in percentage points: green where %1 does better than %2</source>
        <translation>Précision de cette exécution moins celle de l&apos;exécution comparée, en points de pourcentage : en vert là où %1 fait mieux que %2</translation>
    </message>
</context>
<context>
    <name>GenerationJobDialog</name>
    <message>
        <source>The model is still being read; try again in a moment.</source>
        <translation>Le modèle est encore en cours de lecture ; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>New Generation Job</source>
        <translation>Nouvelle tâche de génération</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Each class&apos;s own template</source>
        <translation>Modèle propre à chaque classe</translation>
    </message>
    <message>
        <source>Copied into the job when it is made: later template edits do not change it</source>
        <translation>Copié dans la tâche à sa création : les modifications ultérieures des modèles ne la changent pas</translation>
    </message>
    <message>
        <source>Images per forward pass; the images do not depend on it</source>
        <translation>Images par passe avant ; les images n’en dépendent pas</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Classes :</translation>
    </message>
    <message>
        <source>Images per class:</source>
        <translation>Images par classe :</translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation>Modèle de prompt :</translation>
    </message>
    <message>
        <source>Guidance scale:</source>
        <translation>Échelle de guidage :</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Échantillonneur :</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Étapes :</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine :</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Taille de lot :</translation>
    </message>
    <message>
        <source>Queue Job</source>
        <translation>Mettre en file</translation>
    </message>
    <message>
        <source>The job needs a name.</source>
        <translation>La tâche doit avoir un nom.</translation>
    </message>
    <message>
        <source>The model cannot be used: %1</source>
        <translation>Le modèle est inutilisable : %1</translation>
    </message>
    <message>
        <source>Choose at least one class.</source>
        <translation>Choisissez au moins une classe.</translation>
    </message>
    <message>
        <source>e.g. blurry, text, watermark</source>
        <translation>p. ex. flou, texte, filigrane</translation>
    </message>
    <message>
        <source>Stable Diffusion: what no image should show</source>
        <translation>Stable Diffusion : ce qu’aucune image ne doit montrer</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Negative prompt:</source>
        <translation>Prompt négatif :</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>Taille de l’image :</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>La largeur et la hauteur doivent être des multiples de 8.</translation>
    </message>
    <message>
        <source>Eta (DDIM):</source>
        <translation>Eta (DDIM) :</translation>
    </message>
    <message>
        <source>Each image is converted (colour to greyscale or back, then resized) before it is stored; its provenance says so</source>
        <translation>Chaque image est convertie (couleur en niveaux de gris ou l&apos;inverse, puis redimensionnée) avant d&apos;être enregistrée ; sa provenance l&apos;indique</translation>
    </message>
    <message>
        <source>Convert the %1 images to the project&apos;s kind: %2</source>
        <translation>Convertir les images (%1) au type d&apos;image du projet : %2</translation>
    </message>
    <message>
        <source>A job name cannot contain slashes.</source>
        <translation>Un nom de tâche ne peut pas contenir de barre oblique.</translation>
    </message>
    <message>
        <source>There is a job named &apos;%1&apos; already; choose another name.</source>
        <translation>Une tâche nommée « %1 » existe déjà ; choisissez un autre nom.</translation>
    </message>
    <message>
        <source>This model makes images of another kind than the project&apos;s (%1). Tick “Convert” to store each image converted, or choose another model.</source>
        <translation>Ce modèle produit des images d&apos;un autre type que celles du projet (%1). Cochez « Convertir » pour enregistrer chaque image convertie, ou choisissez un autre modèle.</translation>
    </message>
    <message>
        <source>Plan for a Slurm Cluster…</source>
        <translation>Plan pour un cluster Slurm…</translation>
    </message>
    <message>
        <source>Cut the job into shards that Slurm array tasks make on other hosts, then merge</source>
        <translation>Découper la tâche en shards que des tâches d’un tableau Slurm produisent sur d’autres machines, puis fusionner</translation>
    </message>
</context>
<context>
    <name>GenerationJobWorker</name>
    <message>
        <source>loading the model: %1% (%2)</source>
        <translation>chargement du modèle : %1 % (%2)</translation>
    </message>
</context>
<context>
    <name>GenerationQueueModel</name>
    <message>
        <source>Queued</source>
        <translation>En file</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrompue</translation>
    </message>
    <message>
        <source>Running (elsewhere)</source>
        <translation>En cours (ailleurs)</translation>
    </message>
    <message>
        <source>1 class × %1</source>
        <translation>1 classe × %1</translation>
    </message>
    <message>
        <source>%1 classes × %2</source>
        <translation>%1 classes × %2</translation>
    </message>
    <message>
        <source>CFG %1, %2 %3 steps, seed %4</source>
        <translation>CFG %1, %2 %3 étapes, graine %4</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>%1 img/s</source>
        <translation>%1 img/s</translation>
    </message>
    <message>
        <source>Running (%1)</source>
        <translation>En cours (%1)</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Débit</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Reste</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modèle : %1</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>intégré</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>Prompt négatif : %1</translation>
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
        <translation>Nouvelle tâche…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel Job</source>
        <translation>Annuler la tâche</translation>
    </message>
    <message>
        <source>Queue N images per class for chosen classes</source>
        <translation>Mettre en file N images par classe pour les classes choisies</translation>
    </message>
    <message>
        <source>Start or resume the selected job; images already written are kept</source>
        <translation>Démarrer ou reprendre la tâche choisie ; les images déjà écrites sont conservées</translation>
    </message>
    <message>
        <source>Stop the selected job so that it can resume later</source>
        <translation>Arrêter la tâche choisie pour la reprendre plus tard</translation>
    </message>
    <message>
        <source>Stop the selected job for good; images already written are kept</source>
        <translation>Arrêter définitivement la tâche choisie ; les images déjà écrites sont conservées</translation>
    </message>
    <message>
        <source>Generating &apos;%1&apos;: %2 of %3 images</source>
        <translation>Génération de « %1 » : %2 images sur %3</translation>
    </message>
    <message>
        <source>, %1 images/s, about %2 left</source>
        <translation>, %1 images/s, environ %2 restant</translation>
    </message>
    <message>
        <source>&apos;%1&apos; failed: %2</source>
        <translation>« %1 » a échoué : %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: %2</source>
        <translation>« %1 » : %2</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>There is no generation job &apos;%1&apos;.</source>
        <translation>Il n’y a pas de tâche de génération « %1 ».</translation>
    </message>
    <message>
        <source>Starting &apos;%1&apos;…</source>
        <translation>Démarrage de « %1 »…</translation>
    </message>
    <message>
        <source>No project is open.</source>
        <translation>Aucun projet n’est ouvert.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is already done.</source>
        <translation>« %1 » est déjà terminée.</translation>
    </message>
    <message>
        <source>Pausing &apos;%1&apos;…</source>
        <translation>Mise en pause de « %1 »…</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not running.</source>
        <translation>« %1 » n’est pas en cours.</translation>
    </message>
    <message>
        <source>Cancelling &apos;%1&apos;…</source>
        <translation>Annulation de « %1 »…</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has already ended.</source>
        <translation>« %1 » est déjà terminée.</translation>
    </message>
    <message>
        <source>Remove Job…</source>
        <translation>Retirer la tâche…</translation>
    </message>
    <message>
        <source>Take the selected job off the list; its images stay in the project</source>
        <translation>Retirer la tâche choisie de la liste ; ses images restent dans le projet</translation>
    </message>
    <message>
        <source>The job could not be made: %1</source>
        <translation>La tâche n&apos;a pas pu être créée : %1</translation>
    </message>
    <message>
        <source>Remove Job</source>
        <translation>Retirer la tâche</translation>
    </message>
    <message>
        <source>Take &apos;%1&apos; off the list? Its %2 images stay in the project, in dataset &apos;gen-%1&apos;; review can reject them.</source>
        <translation>Retirer « %1 » de la liste ? Ses %2 images restent dans le projet, dans le jeu « gen-%1 » ; la revue peut les rejeter.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is running; pause or cancel it first.</source>
        <translation>« %1 » est en cours ; mettez-la en pause ou annulez-la d&apos;abord.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; removed; its images stay in the project.</source>
        <translation>« %1 » retirée ; ses images restent dans le projet.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Copy the images into the project folder</source>
        <translation>Copier les images dans le dossier du projet</translation>
    </message>
    <message>
        <source>Import Real Images</source>
        <translation>Importer des images réelles</translation>
    </message>
    <message>
        <source>From file and folder names</source>
        <translation>D&apos;après les noms de fichiers et de dossiers</translation>
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
        <translation>nom du dossier source</translation>
    </message>
    <message>
        <source>Unchecked, the project links to the images where they are (for large sets such as ImageNet).</source>
        <translation>Décoché, le projet référence les images là où elles sont (pour les grands ensembles comme ImageNet).</translation>
    </message>
    <message>
        <source>An IDX folder (*-images-idx3-ubyte.gz with *-labels-idx1-ubyte.gz, labels in class order) or an ImageFolder: one folder per class named by its wnid, optionally inside train/, val/ and test/.</source>
        <translation>Un dossier IDX (*-images-idx3-ubyte.gz avec *-labels-idx1-ubyte.gz, étiquettes dans l&apos;ordre des classes) ou un ImageFolder : un dossier par classe nommé d&apos;après son wnid, éventuellement dans train/, val/ et test/.</translation>
    </message>
    <message>
        <source>Source folder:</source>
        <translation>Dossier source :</translation>
    </message>
    <message>
        <source>Folder to import</source>
        <translation>Dossier à importer</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Partition :</translation>
    </message>
    <message>
        <source>Dataset name:</source>
        <translation>Nom du jeu de données :</translation>
    </message>
</context>
<context>
    <name>LocaleText</name>
    <message>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <source>Evaluating</source>
        <translation>Évaluation</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>Notation</translation>
    </message>
    <message>
        <source>Scoring generated images</source>
        <translation>Notation des images générées</translation>
    </message>
    <message>
        <source>Class scores</source>
        <translation>Scores par classe</translation>
    </message>
    <message>
        <source>Scored</source>
        <translation>Noté</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Exportation</translation>
    </message>
    <message>
        <source>Loading images</source>
        <translation>Chargement des images</translation>
    </message>
    <message>
        <source>Images loaded</source>
        <translation>Images chargées</translation>
    </message>
    <message>
        <source>Corrupting images</source>
        <translation>Altération des images</translation>
    </message>
    <message>
        <source>Robustness evaluated</source>
        <translation>Robustesse évaluée</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Importation terminée</translation>
    </message>
    <message>
        <source>%1 real</source>
        <translation>%1 réelles</translation>
    </message>
    <message>
        <source>accepted synthetic</source>
        <translation>synthétiques acceptées</translation>
    </message>
    <message>
        <source>synthetic</source>
        <translation>synthétiques</translation>
    </message>
    <message>
        <source>%1 + %2</source>
        <translation>%1 + %2</translation>
    </message>
    <message>
        <source>greyscale, of varied sizes</source>
        <translation>niveaux de gris, de tailles variées</translation>
    </message>
    <message>
        <source>colour, of varied sizes</source>
        <translation>couleur, de tailles variées</translation>
    </message>
    <message>
        <source>%1×%2 greyscale</source>
        <translation>%1×%2 niveaux de gris</translation>
    </message>
    <message>
        <source>%1×%2 colour</source>
        <translation>%1×%2 couleur</translation>
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
        <translation>Détails du synset</translation>
    </message>
    <message>
        <source>Prompt Editor</source>
        <translation>Éditeur de prompts</translation>
    </message>
    <message>
        <source>WordNet missing</source>
        <translation>WordNet manquant</translation>
    </message>
    <message>
        <source>WordNet 3.0 could not be read:
%1</source>
        <translation>Impossible de lire WordNet 3.0 :
%1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Nouveau projet…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Ouvrir un projet…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Projets &amp;récents</translation>
    </message>
    <message>
        <source>Open &amp;Default Project (Fashion-MNIST)</source>
        <translation>Ouvrir le projet par &amp;défaut (Fashion-MNIST)</translation>
    </message>
    <message>
        <source>&amp;Import Real Images…</source>
        <translation>&amp;Importer des images réelles…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;About Synset Studio</source>
        <translation>À &amp;propos de Synset Studio</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>Impossible d&apos;ouvrir le projet</translation>
    </message>
    <message>
        <source>Preparing the Fashion-MNIST project…</source>
        <translation>Préparation du projet Fashion-MNIST…</translation>
    </message>
    <message>
        <source>Cannot open the default project</source>
        <translation>Impossible d&apos;ouvrir le projet par défaut</translation>
    </message>
    <message>
        <source>Creating project %1…</source>
        <translation>Création du projet %1…</translation>
    </message>
    <message>
        <source>Cannot create project</source>
        <translation>Impossible de créer le projet</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Problèmes d&apos;importation</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Ouvrir un dossier de projet</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importation de %1…</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Échec de l&apos;importation</translation>
    </message>
    <message>
        <source>Imported %1 images.</source>
        <translation>%1 images importées.</translation>
    </message>
    <message>
        <source>Cancelled; what was imported before stays.</source>
        <translation>Annulé ; ce qui a déjà été importé est conservé.</translation>
    </message>
    <message>
        <source>Import finished with problems</source>
        <translation>Importation terminée avec des problèmes</translation>
    </message>
    <message>
        <source>%1 files could not be imported.</source>
        <translation>%1 fichiers n&apos;ont pas pu être importés.</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Aucun projet</translation>
    </message>
    <message>
        <source>%1 — Synset Studio</source>
        <translation>%1 — Synset Studio</translation>
    </message>
    <message>
        <source>%1 classes · %2 real images · %3 synthetic · %4</source>
        <translation>%1 classes · %2 images réelles · %3 synthétiques · %4</translation>
    </message>
    <message>
        <source>About Synset Studio</source>
        <translation>À propos de Synset Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Synset Studio %1&lt;/h3&gt;&lt;p&gt;A workbench for building image-classification datasets from diffusion models: WordNet synsets, prompts per class, generation, curation, training and robustness.&lt;/p&gt;&lt;p&gt;WordNet 3.0 © Princeton University. Fashion-MNIST © Zalando SE (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Synset Studio %1&lt;/h3&gt;&lt;p&gt;Un atelier pour construire des jeux de données de classification d&apos;images à partir de modèles de diffusion : synsets WordNet, prompts par classe, génération, curation, entraînement et robustesse.&lt;/p&gt;&lt;p&gt;WordNet 3.0 © Princeton University. Fashion-MNIST © Zalando SE (MIT).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Please wait for the running task to finish or cancel it.</source>
        <translation>Veuillez attendre la fin de la tâche en cours ou l&apos;annuler.</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Échantillons</translation>
    </message>
    <message>
        <source>Generation Jobs</source>
        <translation>Tâches de génération</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Échecs</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Régénérer</translation>
    </message>
    <message>
        <source>Retrain</source>
        <translation>Réentraîner</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <source>Robustness</source>
        <translation>Robustesse</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Expérience</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Built-in Fashion-MNIST generator</source>
        <translation>Générateur Fashion-MNIST intégré</translation>
    </message>
    <message>
        <source>The generator: the built-in class-conditional model, or a Stable Diffusion 1.x folder or .safetensors checkpoint</source>
        <translation>Le générateur : le modèle conditionné par classe intégré, ou un dossier ou checkpoint .safetensors Stable Diffusion 1.x</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <source>Stable Diffusion Folder (diffusers)…</source>
        <translation>Dossier Stable Diffusion (diffusers)…</translation>
    </message>
    <message>
        <source>Stable Diffusion Folder</source>
        <translation>Dossier Stable Diffusion</translation>
    </message>
    <message>
        <source>Checkpoint or Model File…</source>
        <translation>Fichier de checkpoint ou de modèle…</translation>
    </message>
    <message>
        <source>Generator Model</source>
        <translation>Modèle générateur</translation>
    </message>
    <message>
        <source>Models (*.safetensors)</source>
        <translation>Modèles (*.safetensors)</translation>
    </message>
    <message>
        <source>%1; hash %2</source>
        <translation>%1 ; hachage %2</translation>
    </message>
    <message>
        <source>DDIM&apos;s eta: 0 is deterministic, 1 draws fresh noise at every step. The built-in generator&apos;s images are cleaner at 1</source>
        <translation>Eta de DDIM : 0 est déterministe, 1 tire un nouveau bruit à chaque pas. Les images du générateur intégré sont plus nettes à 1</translation>
    </message>
    <message>
        <source>diffusers folder</source>
        <translation>dossier diffusers</translation>
    </message>
    <message>
        <source>single-file LDM checkpoint</source>
        <translation>checkpoint LDM en un seul fichier</translation>
    </message>
    <message>
        <source>Stable Diffusion, %1, %2 (%3)</source>
        <translation>Stable Diffusion, %1, %2 (%3)</translation>
    </message>
    <message>
        <source>greyscale</source>
        <translation>niveaux de gris</translation>
    </message>
    <message>
        <source>colour</source>
        <translation>couleur</translation>
    </message>
    <message>
        <source>%1 channels</source>
        <translation>%1 canaux</translation>
    </message>
    <message>
        <source>%1 classes, %2, %3, %4 parameters</source>
        <translation>%1 classes, %2, %3, %4 paramètres</translation>
    </message>
    <message>
        <source>latent channels</source>
        <translation>canaux latents</translation>
    </message>
    <message>
        <source>context</source>
        <translation>contexte</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>couches</translation>
    </message>
    <message>
        <source>heads</source>
        <translation>têtes</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <source>Import the real Fashion-MNIST images</source>
        <translation>Importer les images réelles de Fashion-MNIST</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Nouveau projet</translation>
    </message>
    <message>
        <source>My dataset</source>
        <translation>Mon jeu de données</translation>
    </message>
    <message>
        <source>Fashion-MNIST (10 classes)</source>
        <translation>Fashion-MNIST (10 classes)</translation>
    </message>
    <message>
        <source>ImageNet-1K (1000 classes)</source>
        <translation>ImageNet-1K (1000 classes)</translation>
    </message>
    <message>
        <source>ImageNet-100 (100 classes)</source>
        <translation>ImageNet-100 (100 classes)</translation>
    </message>
    <message>
        <source>From a file of wnids…</source>
        <translation>Depuis un fichier de wnids…</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <source>Project folder</source>
        <translation>Dossier du projet</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Classes :</translation>
    </message>
    <message>
        <source>Class file:</source>
        <translation>Fichier de classes :</translation>
    </message>
    <message>
        <source>File of wnids</source>
        <translation>Fichier de wnids</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Fichiers texte (*.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>One wnid per line (e.g. n01440764); &apos;#&apos; starts a comment; a name may follow the wnid.</source>
        <translation>Un wnid par ligne (p. ex. n01440764) ; &apos;#&apos; commence un commentaire ; un nom peut suivre le wnid.</translation>
    </message>
    <message>
        <source>Real images of other datasets can be imported later (File › Import Real Images).</source>
        <translation>Les images réelles d&apos;autres jeux de données peuvent être importées plus tard (Fichier › Importer des images réelles).</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <source>%1: unknown format &apos;%2&apos; (png, svg or pdf)</source>
        <translation>%1 : format « %2 » inconnu (png, svg ou pdf)</translation>
    </message>
    <message>
        <source>%1: could not be written</source>
        <translation>%1 : n&apos;a pas pu être écrit</translation>
    </message>
</context>
<context>
    <name>ProjectSession</name>
    <message>
        <source>No project is open.</source>
        <translation>Aucun projet n&apos;est ouvert.</translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message>
        <source>Distinct prompts: more than 10^19</source>
        <translation>Prompts distincts : plus de 10^19</translation>
    </message>
    <message>
        <source>Distinct prompts: %1</source>
        <translation>Prompts distincts : %1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Project template (all synsets)</source>
        <translation>Modèle du projet (tous les synsets)</translation>
    </message>
    <message>
        <source>Override for this synset</source>
        <translation>Modèle propre à ce synset</translation>
    </message>
    <message>
        <source>e.g. {name}, {hypernym} inside {background}</source>
        <translation>p. ex. {name}, {hypernym} inside {background}</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>Utiliser</translation>
    </message>
    <message>
        <source>Replace the text with the chosen built-in template</source>
        <translation>Remplacer le texte par le modèle intégré choisi</translation>
    </message>
    <message>
        <source>Placeholder</source>
        <translation>Espace réservé</translation>
    </message>
    <message>
        <source>Value for this synset</source>
        <translation>Valeur pour ce synset</translation>
    </message>
    <message>
        <source>Double-click to insert at the cursor</source>
        <translation>Double-cliquer pour insérer au curseur</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurer</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>S&apos;applique à :</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Partir de :</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>Historique :</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation>Prompts :</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine :</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>Annuler : %1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>Rétablir : %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Project prompt template&lt;/b&gt;</source>
        <translation>&lt;b&gt;Modèle de prompt du projet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Prompt for &lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:gray&apos;&gt;(%2)&lt;/span&gt;</source>
        <translation>Prompt pour &lt;b&gt;%1&lt;/b&gt; &lt;span style=&apos;color:gray&apos;&gt;(%2)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Only classes of the project can have their own prompt</source>
        <translation>Seules les classes du projet peuvent avoir leur propre modèle</translation>
    </message>
    <message>
        <source>edit of the project template</source>
        <translation>modification du modèle du projet</translation>
    </message>
    <message>
        <source>edit of the prompt for %1</source>
        <translation>modification du prompt de %1</translation>
    </message>
    <message>
        <source>override of the prompt for %1</source>
        <translation>modèle propre pour %1</translation>
    </message>
    <message>
        <source>removal of the override for %1</source>
        <translation>suppression du modèle propre de %1</translation>
    </message>
    <message>
        <source>(override removed)</source>
        <translation>(modèle propre supprimé)</translation>
    </message>
    <message>
        <source>(no list)</source>
        <translation>(aucune liste)</translation>
    </message>
    <message>
        <source>one of %1</source>
        <translation>un parmi %1</translation>
    </message>
    <message>
        <source>word list, items: %1</source>
        <translation>liste de mots, éléments : %1</translation>
    </message>
    <message>
        <source>Wildcard: one item of the project&apos;s list &apos;%1&apos;</source>
        <translation>Joker : un élément de la liste &apos;%1&apos; du projet</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>no word list named %1</source>
        <translation>aucune liste de mots nommée %1</translation>
    </message>
    <message>
        <source>Word Lists…</source>
        <translation>Listes de mots…</translation>
    </message>
    <message>
        <source>Edit the backgrounds, counts and wildcard lists of this project</source>
        <translation>Modifier les arrière-plans, les quantités et les listes de jokers de ce projet</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Scored %1 images with run %2 in %3 s (%4 images/s); %5 near-duplicates.</source>
        <translation>%1 images notées avec l’exécution %2 en %3 s (%4 images/s) ; %5 quasi-doublons.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>%1 in %2 s</source>
        <translation>%1 en %2 s</translation>
    </message>
    <message>
        <source>Evaluated %1.</source>
        <translation>Évalué : %1.</translation>
    </message>
</context>
<context>
    <name>ReviewGrid</name>
    <message>
        <source>A accept, R reject, U undo, Space large view; arrows move, Shift and Ctrl select several</source>
        <translation>A accepter, R rejeter, U annuler, Espace grande vue ; flèches pour se déplacer, Maj et Ctrl pour en choisir plusieurs</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <source>Image %1</source>
        <translation>Image %1</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Creation order</source>
        <translation>Ordre de création</translation>
    </message>
    <message>
        <source>Self-confidence</source>
        <translation>Auto-confiance</translation>
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
        <translation>Distance au réel</translation>
    </message>
    <message>
        <source>Uniqueness</source>
        <translation>Unicité</translation>
    </message>
    <message>
        <source>Worst first</source>
        <translation>Les pires d’abord</translation>
    </message>
    <message>
        <source>Score Images</source>
        <translation>Noter les images</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Drop near-duplicates</source>
        <translation>Écarter les quasi-doublons</translation>
    </message>
    <message>
        <source>Apply Rule</source>
        <translation>Appliquer la règle</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tous les états</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Acceptées</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetées</translation>
    </message>
    <message>
        <source>Thumbnail size</source>
        <translation>Taille des vignettes</translation>
    </message>
    <message>
        <source>Score every generated image with the best classifier trained on real images only</source>
        <translation>Noter chaque image générée avec le meilleur classifieur entraîné sur des images réelles seulement</translation>
    </message>
    <message>
        <source>Take back the last review or rule (U)</source>
        <translation>Annuler la dernière revue ou règle (U)</translation>
    </message>
    <message>
        <source>Write the images as an ImageFolder with a manifest</source>
        <translation>Écrire les images en ImageFolder avec un manifeste</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source>keep top </source>
        <translation>garder les </translation>
    </message>
    <message>
        <source>Keep at most this many images a class, the best by the score</source>
        <translation>Garder au plus ce nombre d’images par classe, les meilleures selon le score</translation>
    </message>
    <message>
        <source>Accept the images the rule keeps and reject the others; reviews made by hand are left as they are</source>
        <translation>Accepter les images que la règle garde et rejeter les autres ; les revues faites à la main restent telles quelles</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <source>Conf.</source>
        <translation>Conf.</translation>
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
        <translation>Diversité</translation>
    </message>
    <message>
        <source>Fréchet distance to the real images of the class, on the reference classifier&apos;s penultimate-layer features (not Inception&apos;s)</source>
        <translation>Distance de Fréchet aux images réelles de la classe, sur les caractéristiques de l’avant-dernière couche du classifieur de référence (pas celles d’Inception)</translation>
    </message>
    <message>
        <source>Kernel inception distance (cubic polynomial kernel) on the same features</source>
        <translation>Kernel Inception Distance (noyau polynomial cubique) sur les mêmes caractéristiques</translation>
    </message>
    <message>
        <source>Mean pairwise feature distance among the class&apos;s generated images</source>
        <translation>Distance moyenne entre paires de caractéristiques des images générées de la classe</translation>
    </message>
    <message>
        <source>Click or drag to set a threshold on this score</source>
        <translation>Cliquer ou glisser pour fixer un seuil sur ce score</translation>
    </message>
    <message>
        <source>Sort by:</source>
        <translation>Trier par :</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <source>Zoom:</source>
        <translation>Zoom :</translation>
    </message>
    <message>
        <source>All classes</source>
        <translation>Toutes les classes</translation>
    </message>
    <message>
        <source>Click the histogram to set a threshold, or keep the top images of each class.</source>
        <translation>Cliquer dans l’histogramme pour fixer un seuil, ou garder les meilleures images de chaque classe.</translation>
    </message>
    <message>
        <source>Rule %1 keeps %2 and drops %3 (%4 reviews change; %5 reviewed by hand stay)</source>
        <translation>La règle %1 garde %2 et écarte %3 (%4 revues changent ; %5 revues à la main restent)</translation>
    </message>
    <message>
        <source>%1: %2/%3  </source>
        <translation>%1 : %2/%3  </translation>
    </message>
    <message>
        <source>No project is open</source>
        <translation>Aucun projet n’est ouvert</translation>
    </message>
    <message>
        <source>Applied %1: kept %2, dropped %3. Undo takes it back.</source>
        <translation>%1 appliquée : %2 gardées, %3 écartées. Annuler revient en arrière.</translation>
    </message>
    <message>
        <source>Select images to review first</source>
        <translation>Choisissez d’abord des images à revoir</translation>
    </message>
    <message>
        <source>Undid: %1</source>
        <translation>Annulé : %1</translation>
    </message>
    <message>
        <source>Not scored yet. Score Images uses the best classifier trained on real images only as the reference.</source>
        <translation>Pas encore noté. « Noter les images » prend comme référence le meilleur classifieur entraîné sur des images réelles seulement.</translation>
    </message>
    <message>
        <source>Scores from run %1 (%2), trained on real images only. FID and KID use its %3-d penultimate-layer features, not Inception&apos;s.</source>
        <translation>Scores de l’exécution %1 (%2), entraînée sur des images réelles seulement. FID et KID utilisent ses caractéristiques de dimension %3 de l’avant-dernière couche, pas celles d’Inception.</translation>
    </message>
    <message>
        <source>Generated Image</source>
        <translation>Image générée</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — image %2 of %3&lt;br&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — image %2 de %3&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Prompt:&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Seed:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Guidance:&lt;/b&gt; %3 &amp;nbsp; &lt;b&gt;Sampler:&lt;/b&gt; %4&lt;br&gt;</source>
        <translation>&lt;b&gt;Prompt :&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Graine :&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Guidage :&lt;/b&gt; %3 &amp;nbsp; &lt;b&gt;Échantillonneur :&lt;/b&gt; %4&lt;br&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predicted:&lt;/b&gt; %1&lt;br&gt;</source>
        <translation>&lt;b&gt;Prédit :&lt;/b&gt; %1&lt;br&gt;</translation>
    </message>
    <message>
        <source>Self-confidence %1, margin %2, entropy %3&lt;br&gt;Distance to real %4, uniqueness %5</source>
        <translation>Auto-confiance %1, marge %2, entropie %3&lt;br&gt;Distance au réel %4, unicité %5</translation>
    </message>
    <message>
        <source>&lt;br&gt;Near-duplicate of image %1</source>
        <translation>&lt;br&gt;Quasi-doublon de l’image %1</translation>
    </message>
    <message>
        <source>Not scored yet</source>
        <translation>Pas encore noté</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Review:&lt;/b&gt; %1%2</source>
        <translation>&lt;br&gt;&lt;b&gt;Revue :&lt;/b&gt; %1%2</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>Notation</translation>
    </message>
    <message>
        <source>Export as ImageFolder</source>
        <translation>Exporter en ImageFolder</translation>
    </message>
    <message>
        <source>Accepted images only (else all but rejected)</source>
        <translation>Images acceptées seulement (sinon toutes sauf les rejetées)</translation>
    </message>
    <message>
        <source>Add the real training images</source>
        <translation>Ajouter les images réelles d’entraînement</translation>
    </message>
    <message>
        <source>Choose Folder…</source>
        <translation>Choisir le dossier…</translation>
    </message>
    <message>
        <source>One folder per wnid, as torchvision&apos;s ImageFolder reads, and manifest.csv with prompts, seeds, scores and reviews.</source>
        <translation>Un dossier par wnid, comme le lit ImageFolder de torchvision, et manifest.csv avec prompts, graines, scores et revues.</translation>
    </message>
    <message>
        <source>New Folder for the Export</source>
        <translation>Nouveau dossier pour l’export</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>&lt;b&gt;Negative prompt:&lt;/b&gt; %1&lt;br&gt;</source>
        <translation>&amp;lt;b&amp;gt;Prompt négatif :&amp;lt;/b&amp;gt; %1&amp;lt;br&amp;gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Steps:&lt;/b&gt; %1 &amp;nbsp; &lt;b&gt;Size:&lt;/b&gt; %2 &amp;nbsp; &lt;b&gt;Model:&lt;/b&gt; %3&lt;br&gt;</source>
        <translation>&amp;lt;b&amp;gt;Étapes :&amp;lt;/b&amp;gt; %1 &amp;amp;nbsp; &amp;lt;b&amp;gt;Taille :&amp;lt;/b&amp;gt; %2 &amp;amp;nbsp; &amp;lt;b&amp;gt;Modèle :&amp;lt;/b&amp;gt; %3&amp;lt;br&amp;gt;</translation>
    </message>
    <message>
        <source>Exported %1 generated and %2 real images to %3, a folder per class: %4.</source>
        <translation>%1 images générées et %2 réelles exportées vers %3, un dossier par classe : %4.</translation>
    </message>
    <message>
        <source>Left out, with no image to export: %1. ImageFolder numbers the other %2 classes from 0, as class_index in manifest.csv and classes.json do.</source>
        <translation>Omises, faute d&apos;image à exporter : %1. ImageFolder numérote les %2 autres classes à partir de 0, comme class_index dans manifest.csv et classes.json.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Non exporté : %1</translation>
    </message>
    <message>
        <source>Dry run…</source>
        <translation>Essai à blanc…</translation>
    </message>
    <message>
        <source>Wait for the running job to finish</source>
        <translation>Attendez la fin de la tâche en cours</translation>
    </message>
    <message>
        <source>Applying the rule</source>
        <translation>Application de la règle</translation>
    </message>
    <message>
        <source>Exported %1 generated and %2 real images to %3, in %4 class folders.</source>
        <translation>%1 images générées et %2 images réelles exportées vers %3, dans %4 dossiers de classes.</translation>
    </message>
</context>
<context>
    <name>RobustnessPanel</name>
    <message>
        <source>Corruptions (15 × 5)</source>
        <translation>Corruptions (15 × 5)</translation>
    </message>
    <message>
        <source>Adversarial (FGSM, PGD)</source>
        <translation>Adverse (FGSM, PGD)</translation>
    </message>
    <message>
        <source>Representation metrics</source>
        <translation>Mesures de représentation</translation>
    </message>
    <message>
        <source>Linear probe</source>
        <translation>Sonde linéaire</translation>
    </message>
    <message>
        <source>Evaluate Checked Runs</source>
        <translation>Évaluer les entraînements cochés</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Runs (checked ones are compared):</source>
        <translation>Entraînements (les cochés sont comparés) :</translation>
    </message>
    <message>
        <source>Finished training runs; check the ones to compare and evaluate</source>
        <translation>Entraînements terminés ; cochez ceux à comparer et à évaluer</translation>
    </message>
    <message>
        <source>Corruption errors (CE, mCE) are relative to this run</source>
        <translation>Les erreurs de corruption (CE, mCE) sont relatives à cet entraînement</translation>
    </message>
    <message>
        <source>Baseline for mCE:</source>
        <translation>Référence pour le mCE :</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Évaluer</translation>
    </message>
    <message>
        <source>100 real test images a class under every corruption</source>
        <translation>100 images de test réelles par classe sous chaque corruption</translation>
    </message>
    <message>
        <source>50 real test images a class; epsilon 0, 1, 2, 4 and 8 / 255; PGD 10 steps</source>
        <translation>50 images de test réelles par classe ; epsilon 0, 1, 2, 4 et 8 / 255 ; PGD 10 pas</translation>
    </message>
    <message>
        <source>A logistic-regression head on the frozen features of 1000 real training images a class, tested on the real test images</source>
        <translation>Une tête de régression logistique sur les caractéristiques figées de 1000 images d&apos;entraînement réelles par classe, testée sur les images de test réelles</translation>
    </message>
    <message>
        <source>Domain-shift sets (ImageFolders, wnid folders):</source>
        <translation>Jeux de changement de domaine (ImageFolder, dossiers wnid) :</translation>
    </message>
    <message>
        <source>Add Folder…</source>
        <translation>Ajouter un dossier…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Spider chart axes:</source>
        <translation>Axes du graphique en toile d&apos;araignée :</translation>
    </message>
    <message>
        <source>Export Chart…</source>
        <translation>Exporter le graphique…</translation>
    </message>
    <message>
        <source>PNG, SVG or PDF</source>
        <translation>PNG, SVG ou PDF</translation>
    </message>
    <message>
        <source>Spider Chart</source>
        <translation>Toile d&apos;araignée</translation>
    </message>
    <message>
        <source>Corruption:</source>
        <translation>Corruption :</translation>
    </message>
    <message>
        <source>Mean of all corruptions</source>
        <translation>Moyenne de toutes les corruptions</translation>
    </message>
    <message>
        <source>Family: %1</source>
        <translation>Famille : %1</translation>
    </message>
    <message>
        <source>Accuracy vs Severity</source>
        <translation>Précision selon la sévérité</translation>
    </message>
    <message>
        <source>Accuracy vs Epsilon</source>
        <translation>Précision selon epsilon</translation>
    </message>
    <message>
        <source>Corruption Gallery</source>
        <translation>Galerie des corruptions</translation>
    </message>
    <message>
        <source>Top-1 accuracy (%)</source>
        <translation>Précision top-1 (%)</translation>
    </message>
    <message>
        <source>Severity (0: clean)</source>
        <translation>Sévérité (0 : intacte)</translation>
    </message>
    <message>
        <source>Epsilon (× 1/255); FGSM dashed, PGD solid</source>
        <translation>Epsilon (× 1/255) ; FGSM en tirets, PGD en trait plein</translation>
    </message>
    <message>
        <source>%1  (not evaluated)</source>
        <translation>%1  (non évalué)</translation>
    </message>
    <message>
        <source>%1  (%2 %)</source>
        <translation>%1  (%2 %)</translation>
    </message>
    <message>
        <source>Lower is better</source>
        <translation>Plus bas est meilleur</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <source>Clean %</source>
        <translation>Intactes %</translation>
    </message>
    <message>
        <source>Corrupted %</source>
        <translation>Corrompues %</translation>
    </message>
    <message>
        <source>mCE</source>
        <translation>mCE</translation>
    </message>
    <message>
        <source>Rel. mCE</source>
        <translation>mCE rel.</translation>
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
        <translation>Cochez d&apos;abord les entraînements à évaluer.</translation>
    </message>
    <message>
        <source>Evaluating %1…</source>
        <translation>Évaluation de %1…</translation>
    </message>
    <message>
        <source>Export Spider Chart</source>
        <translation>Exporter la toile d&apos;araignée</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</source>
        <translation>SVG (*.svg);;PNG (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Chart written to %1</source>
        <translation>Graphique écrit dans %1</translation>
    </message>
    <message>
        <source>Domain-Shift Set (one folder per wnid)</source>
        <translation>Jeu de changement de domaine (un dossier par wnid)</translation>
    </message>
    <message>
        <source>the project&apos;s real images</source>
        <translation>les images réelles du projet</translation>
    </message>
    <message>
        <source>The labelled set the linear probe trains and tests on: a folder with IDX files (train-*, t10k-*) or an ImageFolder with train/ and test/; empty: the project&apos;s real images</source>
        <translation>Le jeu étiqueté sur lequel la sonde linéaire s&apos;entraîne et se teste : un dossier de fichiers IDX (train-*, t10k-*) ou un ImageFolder avec train/ et test/ ; vide : les images réelles du projet</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Probe set:</source>
        <translation>Jeu de la sonde :</translation>
    </message>
    <message>
        <source>Probe Set (IDX files, or train/ and test/ ImageFolders)</source>
        <translation>Jeu de la sonde (fichiers IDX, ou ImageFolders train/ et test/)</translation>
    </message>
    <message>
        <source>Worst to best run</source>
        <translation>Du pire au meilleur entraînement</translation>
    </message>
    <message>
        <source>Zero to best run</source>
        <translation>De zéro au meilleur entraînement</translation>
    </message>
    <message>
        <source>Worst to best: the worst run on the inner ring, the best on the outer one. Zero to best: the centre is zero, so the radius is the share of the best run&apos;s value.</source>
        <translation>Du pire au meilleur : le pire entraînement sur l&apos;anneau intérieur, le meilleur sur l&apos;extérieur. De zéro au meilleur : le centre vaut zéro, le rayon est la part de la valeur du meilleur.</translation>
    </message>
    <message>
        <source>Scale each axis:</source>
        <translation>Échelle de chaque axe :</translation>
    </message>
    <message>
        <source>Hover a point for the raw value.</source>
        <translation>Survolez un point pour la valeur brute.</translation>
    </message>
    <message>
        <source>Zeros %</source>
        <translation>Zéros %</translation>
    </message>
    <message>
        <source>Clean accuracy</source>
        <translation>Précision (propre)</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Bruit</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>Flou</translation>
    </message>
    <message>
        <source>Weather</source>
        <translation>Météo</translation>
    </message>
    <message>
        <source>Digital</source>
        <translation>Numérique</translation>
    </message>
    <message>
        <source>Mean corruption accuracy</source>
        <translation>Précision moyenne sous altérations</translation>
    </message>
    <message>
        <source>Sparsity</source>
        <translation>Parcimonie</translation>
    </message>
    <message>
        <source>Intra-class distance</source>
        <translation>Distance intra-classe</translation>
    </message>
    <message>
        <source>Class separation</source>
        <translation>Séparation des classes</translation>
    </message>
    <message>
        <source>Redundancy</source>
        <translation>Redondance</translation>
    </message>
    <message>
        <source>Coding rate R</source>
        <translation>Taux de codage R</translation>
    </message>
    <message>
        <source>Rate reduction ΔR</source>
        <translation>Réduction de taux ΔR</translation>
    </message>
    <message>
        <source>Gaussian noise</source>
        <translation>Bruit gaussien</translation>
    </message>
    <message>
        <source>Shot noise</source>
        <translation>Bruit de grenaille</translation>
    </message>
    <message>
        <source>Impulse noise</source>
        <translation>Bruit impulsionnel</translation>
    </message>
    <message>
        <source>Defocus blur</source>
        <translation>Flou de défocalisation</translation>
    </message>
    <message>
        <source>Glass blur</source>
        <translation>Flou de verre</translation>
    </message>
    <message>
        <source>Motion blur</source>
        <translation>Flou de bougé</translation>
    </message>
    <message>
        <source>Zoom blur</source>
        <translation>Flou de zoom</translation>
    </message>
    <message>
        <source>Snow</source>
        <translation>Neige</translation>
    </message>
    <message>
        <source>Frost</source>
        <translation>Givre</translation>
    </message>
    <message>
        <source>Fog</source>
        <translation>Brouillard</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>Luminosité</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>Contraste</translation>
    </message>
    <message>
        <source>Elastic transform</source>
        <translation>Déformation élastique</translation>
    </message>
    <message>
        <source>Pixelate</source>
        <translation>Pixellisation</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>Domain: %1</source>
        <translation>Domaine : %1</translation>
    </message>
    <message>
        <source>Linear probe: %1</source>
        <translation>Sonde linéaire : %1</translation>
    </message>
    <message>
        <source>Severity (0: the same %1 test images, clean)</source>
        <translation>Intensité (0 : les mêmes %1 images de test, intactes)</translation>
    </message>
    <message>
        <source>Top-1 accuracy on the whole test set (the severity curve starts at the clean accuracy of the corrupted images only)</source>
        <translation>Précision top-1 sur tout le jeu de test (la courbe d&apos;intensité part de la précision des seules images altérées, intactes)</translation>
    </message>
</context>
<context>
    <name>RunDialog</name>
    <message>
        <source>New Training Run</source>
        <translation>Nouvelle exécution d’entraînement</translation>
    </message>
    <message>
        <source>Small CNN</source>
        <translation>Petit CNN</translation>
    </message>
    <message>
        <source>ResNet-18 (small-image stem)</source>
        <translation>ResNet-18 (tige pour petites images)</translation>
    </message>
    <message>
        <source>ResNet-50 (small-image stem)</source>
        <translation>ResNet-50 (tige pour petites images)</translation>
    </message>
    <message>
        <source>usual</source>
        <translation>habituelle</translation>
    </message>
    <message>
        <source>Channels of the first stage; the usual width is 32 for the CNN and 64 for the ResNets. Narrower models train faster.</source>
        <translation>Canaux du premier étage ; 32 pour le CNN et 64 pour les ResNet d’habitude. Les modèles plus étroits s’entraînent plus vite.</translation>
    </message>
    <message>
        <source>Share of each class&apos;s real training images, picked by the seed</source>
        <translation>Part des images réelles d&apos;entraînement de chaque classe, choisie par la graine</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>All generated (not rejected)</source>
        <translation>Toutes les générées (non rejetées)</translation>
    </message>
    <message>
        <source>Accepted only</source>
        <translation>Acceptées seulement</translation>
    </message>
    <message>
        <source>Generated sets to draw from; none checked means all of them</source>
        <translation>Ensembles générés à utiliser ; aucun coché signifie tous</translation>
    </message>
    <message>
        <source>%1 (%2 images)</source>
        <translation>%1 (%2 images)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source>At most this many synthetic images per real image of a class</source>
        <translation>Au plus ce nombre d&apos;images synthétiques par image réelle d&apos;une classe</translation>
    </message>
    <message>
        <source>SGD, momentum 0.9</source>
        <translation>SGD, moment 0,9</translation>
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
        <translation>Taux d&apos;apprentissage maximal du plan cosinus ; auto vaut 0,1 × lot/256 pour SGD et 0,001 pour AdamW</translation>
    </message>
    <message>
        <source>DINO-style (crop, flip, jitter, grey, blur, solarize)</source>
        <translation>Façon DINO (recadrage, miroir, couleur, gris, flou, solarisation)</translation>
    </message>
    <message>
        <source>Light (crop, flip)</source>
        <translation>Légère (recadrage, miroir)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Real images:</source>
        <translation>Images réelles :</translation>
    </message>
    <message>
        <source>Synthetic images:</source>
        <translation>Images synthétiques :</translation>
    </message>
    <message>
        <source>From sets:</source>
        <translation>Des ensembles :</translation>
    </message>
    <message>
        <source>Synthetic per real:</source>
        <translation>Synthétiques par réelle :</translation>
    </message>
    <message>
        <source>Model and optimisation</source>
        <translation>Modèle et optimisation</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Largeur :</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>Époques :</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Taille de lot :</translation>
    </message>
    <message>
        <source>Optimizer:</source>
        <translation>Optimiseur :</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Taux d&apos;apprentissage :</translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>Augmentation :</translation>
    </message>
    <message>
        <source>Label smoothing:</source>
        <translation>Lissage des étiquettes :</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine :</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Lancer l&apos;entraînement</translation>
    </message>
    <message>
        <source>Run name:</source>
        <translation>Nom de l&apos;exécution :</translation>
    </message>
    <message>
        <source>Trains on %1 real and %2 synthetic images (%3).</source>
        <translation>S&apos;entraîne sur %1 images réelles et %2 synthétiques (%3).</translation>
    </message>
    <message>
        <source>Real training images as one batch sees them with this augmentation</source>
        <translation>Images réelles d&apos;entraînement telles qu&apos;un lot les voit avec cette augmentation</translation>
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
        <translation>graine %1</translation>
    </message>
</context>
<context>
    <name>SamplesPanel</name>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Guidance scales, one grid column each: 0 is unconditional, 1 conditional</source>
        <translation>Échelles de guidage, une colonne de la grille chacune : 0 est non conditionnel, 1 conditionnel</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Classe :</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Échantillonneur :</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>Étapes :</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine :</translation>
    </message>
    <message>
        <source>Seeds:</source>
        <translation>Graines :</translation>
    </message>
    <message>
        <source>Guidance:</source>
        <translation>Guidage :</translation>
    </message>
    <message>
        <source>Guidance %1: step %2 of %3</source>
        <translation>Guidage %1 : étape %2 sur %3</translation>
    </message>
    <message>
        <source>%1 images in %2 s. Click one for its parameters and &quot;Add to Dataset&quot;.</source>
        <translation>%1 images en %2 s. Cliquez sur l’une pour ses paramètres et « Ajouter au jeu de données ».</translation>
    </message>
    <message>
        <source>The generator has no class %1.</source>
        <translation>Le générateur n’a pas de classe %1.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a guidance scale.</source>
        <translation>« %1 » n’est pas une échelle de guidage.</translation>
    </message>
    <message>
        <source>Loading the generator…</source>
        <translation>Chargement du générateur…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>That image is not finished yet.</source>
        <translation>Cette image n’est pas encore terminée.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Échantillon</translation>
    </message>
    <message>
        <source>Add to Dataset</source>
        <translation>Ajouter au jeu de données</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ajoutée</translation>
    </message>
    <message>
        <source>e.g. blurry, text, watermark</source>
        <translation>p. ex. flou, texte, filigrane</translation>
    </message>
    <message>
        <source>Stable Diffusion: what the images should not show (the unconditional half of classifier-free guidance)</source>
        <translation>Stable Diffusion : ce que les images ne doivent pas montrer (la moitié non conditionnelle du guidage sans classifieur)</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Image width; a multiple of 8</source>
        <translation>Largeur de l’image ; un multiple de 8</translation>
    </message>
    <message>
        <source>Image height; a multiple of 8</source>
        <translation>Hauteur de l’image ; un multiple de 8</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modèle :</translation>
    </message>
    <message>
        <source>Negative:</source>
        <translation>Négatif :</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Taille :</translation>
    </message>
    <message>
        <source>Loading the generator… %1% (%2)</source>
        <translation>Chargement du générateur… %1 % (%2)</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>Prompt : %1</translation>
    </message>
    <message>
        <source>The class&apos;s prompt template, expanded for each seed row; edit it in the prompt editor</source>
        <translation>Le modèle de prompt de la classe, développé pour chaque ligne de graine ; à modifier dans l’éditeur de prompts</translation>
    </message>
    <message>
        <source>Width and height must be multiples of 8.</source>
        <translation>La largeur et la hauteur doivent être des multiples de 8.</translation>
    </message>
    <message>
        <source>Eta:</source>
        <translation>Eta :</translation>
    </message>
    <message>
        <source>Seed %1: %2</source>
        <translation>Graine %1 : %2</translation>
    </message>
    <message>
        <source>Prompts by seed row: %1</source>
        <translation>Prompts par ligne de graine : %1</translation>
    </message>
    <message>
        <source>This sample is %1; the project&apos;s images are %2.</source>
        <translation>Cette image est en %1 ; celles du projet sont en %2.</translation>
    </message>
    <message>
        <source>It is added only converted to the project&apos;s kind.</source>
        <translation>Elle n&apos;est ajoutée que convertie au type d&apos;image du projet.</translation>
    </message>
    <message>
        <source>Convert it to the project&apos;s kind (colour to greyscale or back, then resized) and add it?</source>
        <translation>La convertir au type d&apos;image du projet (couleur en niveaux de gris ou l&apos;inverse, puis redimensionnée) et l&apos;ajouter ?</translation>
    </message>
    <message>
        <source>Convert and Add</source>
        <translation>Convertir et ajouter</translation>
    </message>
    <message>
        <source>Sample the grid: a column per guidance scale, a row per seed (%1)</source>
        <translation>Échantillonner la grille : une colonne par échelle de guidage, une ligne par graine (%1)</translation>
    </message>
</context>
<context>
    <name>SpiderChart</name>
    <message>
        <source>not measured</source>
        <translation>non mesuré</translation>
    </message>
    <message>
        <source> (lower is better)</source>
        <translation> (plus bas est meilleur)</translation>
    </message>
    <message>
        <source>Evaluate runs and pick at least three axes</source>
        <translation>Évaluez des entraînements et choisissez au moins trois axes</translation>
    </message>
    <message>
        <source>Pick at least three axes</source>
        <translation>Choisissez au moins trois axes</translation>
    </message>
    <message>
        <source>Robustness spider chart</source>
        <translation>Toile d&apos;araignée de robustesse</translation>
    </message>
</context>
<context>
    <name>SynsetBrowser</name>
    <message>
        <source>Search lemmas, definitions, wnids…</source>
        <translation>Rechercher lemmes, définitions, wnids…</translation>
    </message>
    <message>
        <source>Classes: hypernym tree</source>
        <translation>Classes : arbre des hyperonymes</translation>
    </message>
    <message>
        <source>Classes: list</source>
        <translation>Classes : liste</translation>
    </message>
    <message>
        <source>All WordNet nouns</source>
        <translation>Tous les noms WordNet</translation>
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
        <translation>Classe</translation>
    </message>
    <message>
        <source>Type to search WordNet&apos;s 82,115 noun synsets</source>
        <translation>Tapez pour chercher parmi les 82 115 synsets nominaux de WordNet</translation>
    </message>
    <message>
        <source>Synsets found: %1</source>
        <translation>Synsets trouvés : %1</translation>
    </message>
    <message>
        <source>Classes: %1</source>
        <translation>Classes : %1</translation>
    </message>
    <message>
        <source>Matching classes: %1 of %2</source>
        <translation>Classes correspondantes : %1 sur %2</translation>
    </message>
    <message>
        <source>Definition</source>
        <translation>Définition</translation>
    </message>
</context>
<context>
    <name>SynsetDetails</name>
    <message>
        <source>&lt;i&gt;Select a synset&lt;/i&gt;</source>
        <translation>&lt;i&gt;Choisissez un synset&lt;/i&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;Unknown synset %1&lt;/i&gt;</source>
        <translation>&lt;i&gt;Synset inconnu %1&lt;/i&gt;</translation>
    </message>
    <message>
        <source> · class %1</source>
        <translation> · classe %1</translation>
    </message>
    <message>
        <source> · not a class of this project</source>
        <translation> · pas une classe de ce projet</translation>
    </message>
    <message>
        <source>Lemmas:</source>
        <translation>Lemmes :</translation>
    </message>
    <message>
        <source>Definition:</source>
        <translation>Définition :</translation>
    </message>
    <message>
        <source>Hypernym path:</source>
        <translation>Chemin des hyperonymes :</translation>
    </message>
    <message>
        <source>Hyponyms:</source>
        <translation>Hyponymes :</translation>
    </message>
    <message>
        <source>&lt;b&gt;Real images:&lt;/b&gt; none imported yet</source>
        <translation>&lt;b&gt;Images réelles :&lt;/b&gt; aucune importée</translation>
    </message>
    <message>
        <source>&lt;b&gt;Real images&lt;/b&gt; (first %1)</source>
        <translation>&lt;b&gt;Images réelles&lt;/b&gt; (les %1 premières)</translation>
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
        <translation>Nouvelle exécution…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Show Failures</source>
        <translation>Voir les échecs</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Perte d&apos;entraînement</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Pas</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Perte</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Époque</translation>
    </message>
    <message>
        <source>Top-1 (%)</source>
        <translation>Top-1 (%)</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Taux d&apos;apprentissage</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>TA</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>Tracé</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Exécution</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
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
        <translation>Durée</translation>
    </message>
    <message>
        <source>Train a classifier on a mix of real and synthetic images</source>
        <translation>Entraîner un classifieur sur un mélange d’images réelles et synthétiques</translation>
    </message>
    <message>
        <source>Continue the selected run after its last completed epoch</source>
        <translation>Poursuivre l&apos;exécution choisie après sa dernière époque terminée</translation>
    </message>
    <message>
        <source>Stop the selected run; it keeps its last checkpoint and can resume</source>
        <translation>Arrêter l&apos;exécution choisie ; elle garde son dernier point de contrôle et peut reprendre</translation>
    </message>
    <message>
        <source>Open the selected run&apos;s confusion matrix and failing classes</source>
        <translation>Ouvrir la matrice de confusion et les classes en échec de l&apos;exécution choisie</translation>
    </message>
    <message>
        <source>Smoothing of the loss curve (TensorBoard&apos;s debiased moving average); the raw loss stays drawn faintly</source>
        <translation>Lissage de la courbe de perte (moyenne mobile débiaisée de TensorBoard) ; la perte brute reste tracée en pâle</translation>
    </message>
    <message>
        <source>Smoothing:</source>
        <translation>Lissage :</translation>
    </message>
    <message>
        <source>%1: %2, %3 % done</source>
        <translation>%1 : %2, %3 % fait</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 a échoué : %2</translation>
    </message>
    <message>
        <source>Delete Run</source>
        <translation>Supprimer l&apos;exécution</translation>
    </message>
    <message>
        <source>Delete run %1 with its metrics, predictions and model files?</source>
        <translation>Supprimer l&apos;exécution %1 avec ses métriques, prédictions et fichiers de modèle ?</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entraînement</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Interrompue</translation>
    </message>
    <message>
        <source>Training (elsewhere)</source>
        <translation>Entraînement (ailleurs)</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Non lancée</translation>
    </message>
    <message>
        <source>%1 real + %2 synthetic images</source>
        <translation>%1 images réelles + %2 synthétiques</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 entraînement</translation>
    </message>
    <message>
        <source>%1 test</source>
        <translation>%1 test</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Lancer</translation>
    </message>
    <message>
        <source>No project is open</source>
        <translation>Aucun projet n&apos;est ouvert</translation>
    </message>
    <message>
        <source>No run is selected</source>
        <translation>Aucune exécution choisie</translation>
    </message>
    <message>
        <source>Run %1 is finished</source>
        <translation>L&apos;exécution %1 est terminée</translation>
    </message>
    <message>
        <source>Run %1 is not training here</source>
        <translation>L&apos;exécution %1 ne s&apos;entraîne pas ici</translation>
    </message>
    <message>
        <source>%1: stopping after this step…</source>
        <translation>%1 : arrêt après ce pas…</translation>
    </message>
    <message>
        <source>Run %1 is training; cancel it first</source>
        <translation>L&apos;exécution %1 s&apos;entraîne ; annulez-la d&apos;abord</translation>
    </message>
    <message>
        <source>%1: loading images…</source>
        <translation>%1 : chargement des images…</translation>
    </message>
</context>
<context>
    <name>WordListCommand</name>
    <message>
        <source>change of word list %1</source>
        <translation>modification de la liste de mots %1</translation>
    </message>
</context>
<context>
    <name>WordListDialog</name>
    <message>
        <source>Word Lists</source>
        <translation>Listes de mots</translation>
    </message>
    <message>
        <source>New List…</source>
        <translation>Nouvelle liste…</translation>
    </message>
    <message>
        <source>Load File…</source>
        <translation>Charger un fichier…</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <source>Drop the project&apos;s copy and use the built-in list or wildcards/NAME.txt</source>
        <translation>Abandonner la copie du projet et utiliser la liste intégrée ou wildcards/NAME.txt</translation>
    </message>
    <message>
        <source>List:</source>
        <translation>Liste :</translation>
    </message>
    <message>
        <source>The project&apos;s own copy.</source>
        <translation>La copie propre au projet.</translation>
    </message>
    <message>
        <source>Built-in or from wildcards/%1.txt; saving keeps a copy in the project.</source>
        <translation>Intégrée ou issue de wildcards/%1.txt ; l&apos;enregistrement en garde une copie dans le projet.</translation>
    </message>
    <message>
        <source>Use it as __%1__ in a template.</source>
        <translation>À utiliser comme __%1__ dans un modèle.</translation>
    </message>
    <message>
        <source>New Word List</source>
        <translation>Nouvelle liste de mots</translation>
    </message>
    <message>
        <source>Name (letters, digits, _ or -):</source>
        <translation>Nom (lettres, chiffres, _ ou -) :</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid list name.</source>
        <translation>&apos;%1&apos; n&apos;est pas un nom de liste valide.</translation>
    </message>
    <message>
        <source>Load Word List</source>
        <translation>Charger une liste de mots</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Fichiers texte (*.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Build image-classification datasets from diffusion models.</source>
        <translation>Construire des jeux de données de classification d&apos;images avec des modèles de diffusion.</translation>
    </message>
    <message>
        <source>User interface language (e.g. de, fr).</source>
        <translation>Langue de l&apos;interface (p. ex. de, fr).</translation>
    </message>
    <message>
        <source>Project folder to open (default: the Fashion-MNIST project).</source>
        <translation>Dossier de projet à ouvrir (par défaut : le projet Fashion-MNIST).</translation>
    </message>
    <message>
        <source>Synset to select once the project is open.</source>
        <translation>Synset à sélectionner une fois le projet ouvert.</translation>
    </message>
    <message>
        <source>Panel to bring to the front: %1.</source>
        <translation>Panneau à mettre au premier plan : %1.</translation>
    </message>
</context>
</TS>
