package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"consult/consultation"
)

// TextStore is what Texts needs of the store: the summary use cases'
// store, and the latest version of a text.
type TextStore interface {
	consultation.SummaryStore
	// Summary returns the latest version of a question's summary or of a
	// report section; Version 0 when none was written.
	Summary(ctx context.Context, subject string) (consultation.SummaryVersion, error)
}

// nbsp turns the \u00a0 written in the texts below into no-break spaces.
var nbsp = strings.NewReplacer(`\u00a0`, "\u00a0").Replace

// sectionTexts are the report's own sections as analysts might write
// them, in English and French. %[1]s and %[2]s are two references the
// report may cite.
var sectionTexts = map[string]consultation.Text{
	consultation.SummaryKeyFindings: {
		EN: `Organizations that took part broadly consider that Canadian law **criminalizes** the conduct Cluster 1 covers, but that the law is applied unevenly and too rarely in practice.

- **Enforcement rather than legislation.** Most comments concern investigations and prosecutions: the participation offence and money laundering offences are seldom charged, and provinces apply the law unevenly [@%[1]s].
- **Data.** Many organizations ask Canada to publish statistics on charges, prosecutions and convictions, without which the self-assessment cannot be checked.
- **Victims and migrants.** Front-line organizations call for better protection of survivors of trafficking and for smuggled migrants not to be prosecuted for their own smuggling [@%[2]s].
- **Firearms.** Views on the Firearms Protocol, to which Canada is not a party, focus on marking and on the tracing of firearms used in crime.`,
		FR: `Les organisations qui ont participé estiment dans l’ensemble que le droit canadien **incrimine** les comportements visés par le groupe thématique 1, mais qu’il est appliqué de façon inégale et trop rarement dans la pratique.

- **L’application plutôt que la loi.** La plupart des commentaires portent sur les enquêtes et les poursuites\u00a0: l’infraction de participation et les infractions de blanchiment d’argent sont rarement portées, et les provinces appliquent la loi de façon inégale [@%[1]s].
- **Les données.** De nombreuses organisations demandent au Canada de publier des statistiques sur les accusations, les poursuites et les condamnations, sans lesquelles l’autoévaluation ne peut être vérifiée.
- **Les victimes et les migrants.** Les organisations de première ligne demandent une meilleure protection des survivantes et survivants de la traite, et que les migrants objets d’un trafic ne soient pas poursuivis pour ce trafic [@%[2]s].
- **Les armes à feu.** Les points de vue sur le Protocole relatif aux armes à feu, auquel le Canada n’est pas partie, portent sur le marquage et le traçage des armes utilisées dans des crimes.`,
	},
	consultation.SummaryIntro: {
		EN: `Canada is preparing its self-assessment on Cluster 1 (criminalization and jurisdiction) of the Review Mechanism of the United Nations Convention against Transnational Organized Crime and its Protocols. The Review Mechanism expects States to consult civil society, and this consultation asked Canadian organizations for their views on each article under review before the Government answers the questionnaire.

The consultation was announced on the department’s website and sent to about 300 organizations: non-governmental organizations, Indigenous organizations, legal associations, academics, front-line service providers and the private sector. Two information sessions were held online, one in each official language.`,
		FR: `Le Canada prépare son autoévaluation sur le groupe thématique 1 (incrimination et compétence) du Mécanisme d’examen de l’application de la Convention des Nations Unies contre la criminalité transnationale organisée et des Protocoles s’y rapportant. Le Mécanisme d’examen attend des États qu’ils consultent la société civile, et la présente consultation a sollicité l’avis des organisations canadiennes sur chaque article examiné avant que le gouvernement ne réponde au questionnaire.

La consultation a été annoncée sur le site Web du ministère et envoyée à environ 300 organisations\u00a0: organisations non gouvernementales, organisations autochtones, associations du milieu juridique, milieu universitaire, fournisseurs de services de première ligne et secteur privé. Deux séances d’information ont eu lieu en ligne, une dans chaque langue officielle.`,
	},
	consultation.SummaryMethod: {
		EN: `Two analysts read every answer in the language in which it was written. For each question, they grouped the answers into themes, starting from the software’s suggestions and then creating, renaming or rejecting themes; a second analyst checked each codebook. Summaries were written in English and in French from the coded answers, and quotations were chosen among the answers of organizations that agreed to be quoted.

Assessments (yes, partly, no, don’t know) are counted as given; an organization that did not answer a question is not counted for it.`,
		FR: `Deux analystes ont lu chaque réponse dans la langue dans laquelle elle a été rédigée. Pour chaque question, ils ont regroupé les réponses en thèmes, à partir des suggestions du logiciel, puis en créant, en renommant ou en rejetant des thèmes\u00a0; une deuxième personne a vérifié chaque grille de codage. Les synthèses ont été rédigées en français et en anglais à partir des réponses codées, et les citations ont été choisies parmi les réponses des organisations qui avaient accepté d’être citées.

Les évaluations (oui, en partie, non, je ne sais pas) sont comptées telles qu’elles ont été données\u00a0; une organisation qui n’a pas répondu à une question n’est pas comptée pour celle-ci.`,
	},
	consultation.SummaryNextSteps: {
		EN: `The Government of Canada will take these views into account in its answers to the self-assessment questionnaire, which it will submit to the Review Mechanism’s secretariat. Civil society will be invited to the country dialogue that follows, and this report will be published on the department’s website in both official languages.`,
		FR: `Le gouvernement du Canada tiendra compte de ces points de vue dans ses réponses au questionnaire d’autoévaluation, qu’il transmettra au secrétariat du Mécanisme d’examen. La société civile sera invitée au dialogue de pays qui suivra, et le présent rapport sera publié sur le site Web du ministère dans les deux langues officielles.`,
	},
}

// questionTexts are summaries of some of Cluster 1's questions, in
// English and French; the other questions are left for the analysts, so
// that the report's readiness checklist has something to show.
var questionTexts = map[string]consultation.Text{
	"untoc-2-1": {
		EN: `Most organizations consider that the definition of a “criminal organization” in section 467.1 of the *Criminal Code* captures the Convention’s “organized criminal group”. Several note that courts have interpreted it narrowly, and legal associations ask for guidance on loosely structured networks.`,
		FR: `La plupart des organisations estiment que la définition d’«\u00a0organisation criminelle\u00a0» à l’article 467.1 du *Code criminel* correspond au «\u00a0groupe criminel organisé\u00a0» de la Convention. Plusieurs soulignent que les tribunaux l’ont interprétée de façon étroite, et les associations du milieu juridique demandent des orientations sur les réseaux peu structurés.`,
	},
	"untoc-5-1": {
		EN: `Views are divided. Organizations agree that the conspiracy and criminal organization offences cover the conduct article 5 describes, but many report that the participation offence is rarely charged, prosecutors preferring conspiracy. Several ask for statistics on prosecutions under sections 467.11 to 467.13.`,
		FR: `Les avis sont partagés. Les organisations conviennent que les infractions de complot et d’organisation criminelle couvrent les comportements décrits à l’article 5, mais beaucoup signalent que l’infraction de participation est rarement portée, les procureurs préférant le complot. Plusieurs demandent des statistiques sur les poursuites fondées sur les articles 467.11 à 467.13.`,
	},
	"untoc-6-2": {
		EN: `Organizations generally welcome the all-crimes approach to predicate offences. Some point out that offences committed abroad are covered only when the conduct would be an offence in Canada, and ask whether this leaves gaps for tax and environmental crimes.`,
		FR: `Les organisations saluent généralement l’approche «\u00a0toutes infractions\u00a0» retenue pour les infractions principales. Certaines font remarquer que les infractions commises à l’étranger ne sont visées que si le comportement constituerait une infraction au Canada, et se demandent si cela laisse des lacunes pour les crimes fiscaux et environnementaux.`,
	},
	"untoc-10-1": {
		EN: `Organizations consider that the rules on the liability of organizations allow corporations to be prosecuted, but that they are seldom used against companies linked to organized crime. Remediation agreements are seen by some as useful and by others as a way for companies to avoid prosecution.`,
		FR: `Les organisations estiment que les règles sur la responsabilité des organisations permettent de poursuivre les personnes morales, mais qu’elles sont rarement appliquées aux entreprises liées au crime organisé. Les accords de réparation sont jugés utiles par certaines et, par d’autres, comme un moyen pour les entreprises d’éviter les poursuites.`,
	},
	"tip-3-1": {
		EN: `Front-line organizations consider that the definition of exploitation in section 279.04 is too narrow in practice, since it turns on the victim’s fear for their safety. Most agree that the victim’s consent is rightly irrelevant, and ask that survivors not be charged for offences they were forced to commit.`,
		FR: `Les organisations de première ligne estiment que la définition d’exploitation à l’article 279.04 est trop étroite dans la pratique, puisqu’elle repose sur la crainte de la victime pour sa sécurité. La plupart conviennent que le consentement de la victime est à juste titre sans pertinence, et demandent que les survivantes et survivants ne soient pas accusés d’infractions qu’on les a forcés à commettre.`,
	},
	"tip-5-4": {
		EN: `The challenges most often named are victims’ reluctance to testify, the time investigations take, and the lack of specialized training for police and prosecutors. Several organizations ask for temporary resident permits for survivors that do not depend on their cooperation with the police.`,
		FR: `Les difficultés le plus souvent citées sont la réticence des victimes à témoigner, la durée des enquêtes et le manque de formation spécialisée des policiers et des procureurs. Plusieurs organisations demandent des permis de séjour temporaire pour les survivantes et survivants qui ne dépendent pas de leur collaboration avec la police.`,
	},
	"som-5-1": {
		EN: `Most organizations consider that section 117 of the *Immigration and Refugee Protection Act*, as read by the Supreme Court in *Appulonappa*, protects smuggled migrants from prosecution for their own smuggling. Some report that migrants are still detained or charged with related offences, and ask for clearer guidance to prosecutors.`,
		FR: `La plupart des organisations estiment que l’article 117 de la *Loi sur l’immigration et la protection des réfugiés*, tel que la Cour suprême l’a interprété dans l’arrêt *Appulonappa*, protège les migrants objets d’un trafic contre les poursuites pour ce trafic. Certaines signalent que des migrants sont encore détenus ou accusés d’infractions connexes, et demandent des directives plus claires aux procureurs.`,
	},
	"general-1": {
		EN: `Overall, organizations consider that Canada’s legal framework largely meets Cluster 1, and that the main gaps are in enforcement, data and resources. Many thank the Government for the consultation and ask to be consulted earlier in future cycles of the Review Mechanism.`,
		FR: `Dans l’ensemble, les organisations estiment que le cadre juridique canadien répond en grande partie au groupe thématique 1, et que les principales lacunes concernent l’application, les données et les ressources. Beaucoup remercient le gouvernement pour la consultation et demandent à être consultées plus tôt lors des prochains cycles du Mécanisme d’examen.`,
	},
}

// Written says what Texts wrote.
type Written struct {
	Sections, Summaries int
}

// Texts writes, as by, the report's own sections (consultation.ReportSections)
// and the summaries of some of the questionnaire's questions, each in
// English and French, through consultation.Summaries, as an analyst
// would. A text that already has a version is left as it is. The key
// findings cite two of refs that the report may cite, when there are
// two; otherwise they cite none.
func Texts(ctx context.Context, st TextStore, by consultation.Actor, q *consultation.Questionnaire, refs []string) (Written, error) {
	var w Written
	cite, err := citable(ctx, st, refs)
	if err != nil {
		return w, err
	}
	uc := consultation.Summaries{Store: st}
	write := func(subject string, body consultation.Text) (bool, error) {
		v, err := st.Summary(ctx, subject)
		if err != nil || v.Version > 0 {
			return false, err
		}
		body = consultation.Text{EN: nbsp(body.EN), FR: nbsp(body.FR)}
		if _, _, err := uc.Save(ctx, by, subject, 0, body); err != nil {
			return false, fmt.Errorf("demo text %s: %w", subject, err)
		}
		return true, nil
	}
	for _, s := range consultation.ReportSections {
		body := sectionTexts[s]
		if s == consultation.SummaryKeyFindings {
			body = keyFindings(body, cite)
		}
		ok, err := write(s, body)
		if err != nil {
			return w, err
		}
		if ok {
			w.Sections++
		}
	}
	for _, qr := range q.Questions() {
		body, ok := questionTexts[qr.ID]
		if !ok {
			continue
		}
		ok, err := write(qr.ID, body)
		if err != nil {
			return w, err
		}
		if ok {
			w.Summaries++
		}
	}
	return w, nil
}

// citable returns the first two of refs whose submissions the report may
// cite.
func citable(ctx context.Context, st TextStore, refs []string) ([]string, error) {
	attrs, err := st.RefAttributions(ctx, refs)
	if err != nil {
		return nil, fmt.Errorf("demo texts: %w", err)
	}
	var out []string
	for _, r := range refs {
		if a, ok := attrs[r]; ok && consultation.ConsentFor(a, consultation.Report).Cite && !slices.Contains(out, r) {
			out = append(out, r)
			if len(out) == 2 {
				break
			}
		}
	}
	return out, nil
}

// keyFindings fills the key findings' citations with refs, or drops them
// when there are fewer than two.
func keyFindings(t consultation.Text, refs []string) consultation.Text {
	fill := func(s string) string {
		if len(refs) < 2 {
			return strings.NewReplacer(" [@%[1]s]", "", " [@%[2]s]", "").Replace(s)
		}
		return fmt.Sprintf(s, refs[0], refs[1])
	}
	return consultation.Text{EN: fill(t.EN), FR: fill(t.FR)}
}
