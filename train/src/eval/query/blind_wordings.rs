//! The fifth held-out set (2026-12-05, session 28): genre wordings written
//! blind. The 1,000 templated requests reuse 52 genre wordings, so a few of
//! them decide their genre F1 (one paraphrase read right or wrong moves it
//! by about 0.02). A helper agent told not to read the repository wrote 10
//! per MovieLens genre: 4 saying the genre plainly or by an everyday synonym
//! (direct) and 6 describing it without naming it (indirect). They replace
//! the genre wording of the same test requests. A wording is dropped where
//! it repeats an evaluation, development or training wording, and an
//! indirect one also where it shares a content word with the shipped
//! reader's training wordings of its genre (those taught it that cue);
//! the report lists what was dropped and why. Nothing is chosen on this set:
//! it measures the shipped reader as it is.

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::pipeline::request::{is_stop, words, QueryWeights, UnreadPhrases};

use super::{evaluate, measure, paired_difference, paired_wording_ci_at, percentile, Compared, Measured, Query, Row, DEV_WORDINGS, GENRE_WORDS, READER_DEV_WORDINGS};
use std::collections::BTreeMap;

/// Resamples of wordings for a dealt set's test interval.
const TEST_RESAMPLES: usize = 10_000;
use crate::models::lora::requests::{NO_GENRE, TRAIN_WORDINGS};
use crate::protocol;
use crate::rng::SplitMix;

// The fifth to fifteenth sets, as the helpers wrote them (genre, kind, wording);
// the library holds them since they became example phrases (the tenth to
// thirteenth since session 37, the fourteenth and fifteenth since session 39).
pub(crate) use dualrec::pipeline::written_requests::{
    WordingKind as Kind, EIGHTH_SET as BLIND_GENRE_WORDINGS_8, ELEVENTH_SET as BLIND_GENRE_WORDINGS_11, FIFTH_SET as BLIND_GENRE_WORDINGS, NINTH_SET as BLIND_GENRE_WORDINGS_9, SEVENTH_SET as BLIND_GENRE_WORDINGS_7,
    SIXTH_SET as BLIND_GENRE_WORDINGS_6, TENTH_SET as BLIND_GENRE_WORDINGS_10, THIRTEENTH_SET as BLIND_GENRE_WORDINGS_13, TWELFTH_SET as BLIND_GENRE_WORDINGS_12,
    FOURTEENTH_SET as BLIND_GENRE_WORDINGS_14, FIFTEENTH_SET as BLIND_GENRE_WORDINGS_15,
};
use Kind::{Direct as D, Indirect as I};

/// The report's description of the sixth set.
pub(crate) const BLIND_6_WHAT: &str = "written on 2026-12-05 (session 28) by a second helper agent told not to read the repository or the fifth set, after the soft-genre candidate was pre-registered: 10 genre wordings per MovieLens genre (3 direct, 7 indirect), dropped by the fifth set's rule and where they repeat a fifth-set wording; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); nothing is chosen on it; it decides the soft-genre candidate (docs/eval/soft-llm-genres/README.md)";

pub(crate) const BLIND_7_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository, before the genre-exemplar candidate was built and read by no reader before its pre-registration (docs/eval/genre-exemplars/README.md): 12 genre wordings per MovieLens genre (4 direct, 8 indirect); dropped by the fifth set's rule and where they repeat a fifth- or sixth-set wording or one of the example phrases (src/pipeline/genre_exemplars.rs); put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar candidate";

pub(crate) const BLIND_8_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository or any earlier set, after the llm-then-exemplars candidate was designed, and read by no reader before its pre-registration (docs/eval/llm-then-exemplars/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth-, sixth- or seventh-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the llm-then-exemplars candidate";

pub(crate) const BLIND_9_WHAT: &str = "written on 2026-12-05 (session 30) by a helper agent told not to read the repository, /tmp or any earlier set, after the exemplar-override candidate was designed, and read by no reader before its pre-registration (docs/eval/exemplar-override/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to eighth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar-override candidate";

/// The report's description of the tenth set.
pub(crate) const BLIND_10_WHAT: &str = "written on 2026-12-05 (session 31) by a helper agent told not to read the repository, /tmp or any earlier set (and to avoid a few stock phrasings), after the written-requests candidate was designed, and read by no reader before its pre-registration (docs/eval/written-requests/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to ninth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate";

/// The report's description of the eleventh set.
pub(crate) const BLIND_11_WHAT: &str = "written on 2026-12-05 (session 32) by a helper agent told not to read any file on the machine or use any search (and to avoid stock phrasings), before any reader read it, and read first by the pre-registered second test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-11/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to tenth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate's second test";

/// The sixteenth held-out set, as the three helpers wrote them (genre, kind,
/// wording), repeats within the set removed: see [`BLIND_16_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_16: &[(&str, Kind, &str)] = &[
    ("Action", D, "yo put on an action movie, something loud"),
    ("Action", D, "action flick pls"),
    ("Action", D, "ok so i finally got the kids to bed and the dishes are done and honestly i just want to zone out, can you find me a good action film"),
    ("Action", D, "need an action movie tonight, like nonstop action start to finish"),
    ("Action", I, "car chases and stuff blowing up, go"),
    ("Action", I, "something where one guy takes out a whole building of bad guys with his bare fists"),
    ("Action", I, "want punches and explosions, barely any talking"),
    ("Action", I, "ngl i need a movie where the hero jumps off a roof onto a moving truck"),
    ("Action", I, "long day. just shootouts and a big fiery finale"),
    ("Action", I, "a retired bodyguard fighting his way through a city full of henchmen"),
    ("Action", I, "show me something with wild stunts and martial arts brawls every five minutes"),
    ("Action", I, "gimme a movie that's basically one long fistfight lol"),
    ("Action", I, "so my boss yelled at me today, traffic was terrible, and i just want to watch somebody kick down doors and knock out bad guys for two hours"),
    ("Action", I, "a helicopter chase, a motorcycle flip, a bomb to defuse, all of it"),
    ("Action", I, "a muscle guy hauling a giant gun through a warehouse wrecking everything"),
    ("Action", I, "bro gimme fights, stunts, high speed pursuits, zero plot needed"),
    ("Adventure", D, "an adventure movie please"),
    ("Adventure", D, "looking for a good adventure film tonight"),
    ("Adventure", D, "sooo i just got back from hiking and i'm kinda inspired, can u pull up an adventure flick"),
    ("Adventure", D, "adventure. something fun"),
    ("Adventure", I, "treasure map, lost temple, booby traps, that kind of thing"),
    ("Adventure", I, "want a movie where a ragtag crew sails off to find a hidden island"),
    ("Adventure", I, "explorers hacking through a jungle hunting for a lost city"),
    ("Adventure", I, "something with a quest across deserts and mountains for some ancient relic"),
    ("Adventure", I, "tired. just a journey somewhere far away with danger along the way"),
    ("Adventure", I, "lowkey want a pirate ship chasing buried gold"),
    ("Adventure", I, "i spent the whole afternoon doing taxes and i need to escape, give me something about people trekking across uncharted wilderness looking for a legendary lost fortune"),
    ("Adventure", I, "a bunch of friends follow an old map through caves and rope bridges"),
    ("Adventure", I, "the kind where someone swings across a ravine on a vine and dodges a rolling boulder"),
    ("Adventure", I, "globe trotting expedition to find a sunken galleon's cargo"),
    ("Adventure", I, "a voyage down an unexplored river with rapids and wild animals"),
    ("Adventure", I, "gimme an expedition into a hidden valley nobody's ever mapped"),
    ("Animation", D, "show me an animated movie"),
    ("Animation", D, "i want something animated, for me not the kids"),
    ("Animation", D, "any good cartoons? like a full length cartoon movie"),
    ("Animation", D, "after a super long shift i just want to veg out with an animated feature, find one"),
    ("Animation", I, "something hand drawn, where every frame looks painted"),
    ("Animation", I, "stop motion with little clay figures"),
    ("Animation", I, "want one of those fully computer rendered movies with talking toys"),
    ("Animation", I, "that japanese style with big eyes and gorgeous drawn backgrounds"),
    ("Animation", I, "nothing with real actors tonight, i want drawings that move"),
    ("Animation", I, "something made entirely with puppets shot frame by frame"),
    ("Animation", I, "fully cgi, talking animals, the works"),
    ("Animation", I, "a grown up story but told with drawings instead of actors"),
    ("Animation", I, "ugh i'm so fried. something drawn. colorful."),
    ("Animation", I, "so my roommate and i were arguing about whether drawn movies can be as deep as real ones, so find me a really moving one that's all drawn, no real people on screen"),
    ("Animation", I, "paper cutout style, like watercolor visuals that move"),
    ("Animation", I, "voice actors only, no real faces at all"),
    ("Children's", D, "find a kids movie"),
    ("Children's", D, "need a children's film for my six year old"),
    ("Children's", D, "something for kids please, it's family night"),
    ("Children's", D, "my niece is staying over and my sister said nothing scary and nothing over her head, so can you just put on a good children's movie"),
    ("Children's", I, "something my toddler can watch without me covering her eyes"),
    ("Children's", I, "a movie for a sleepover full of second graders"),
    ("Children's", I, "gentle and silly, made for little ones"),
    ("Children's", I, "need something to keep a five year old quiet for ninety minutes"),
    ("Children's", I, "a story where a puppy gets lost and finds its way home, nothing intense, for my little guy"),
    ("Children's", I, "babysitting tonight, need something the small ones will like"),
    ("Children's", I, "rainy saturday with the little cousins kind of pick, clean and sweet"),
    ("Children's", I, "one with a lesson about sharing and being kind, for a kindergartener"),
    ("Children's", I, "i've had the twins all day, they're bouncing off the walls, and i'm hoping a movie will calm them down, something aimed at their age, they're four"),
    ("Children's", I, "rated g something, for the grandbabies"),
    ("Children's", I, "a movie about a boy and his talking bike that a first grader would love"),
    ("Children's", I, "lil bro is seven, find him something"),
    ("Comedy", D, "comedy please, whatever's good"),
    ("Comedy", D, "gimme a comedy fr"),
    ("Comedy", D, "something from the comedy section, light stuff"),
    ("Comedy", D, "okay so the week has been a nightmare at work and my car broke down, i really just need a comedy to turn my brain off"),
    ("Comedy", I, "i need to laugh till my stomach hurts"),
    ("Comedy", I, "something dumb and hilarious, like slapstick"),
    ("Comedy", I, "want jokes, pratfalls, awkward situations, no serious stuff"),
    ("Comedy", I, "two idiots on a road trip doing stupid stuff"),
    ("Comedy", I, "tired. just want a few good laughs"),
    ("Comedy", I, "a movie that's basically joke after joke after joke"),
    ("Comedy", I, "lmao i need something goofy af"),
    ("Comedy", I, "a guy pretends to be his own twin and everything goes hilariously wrong"),
    ("Comedy", I, "had the worst day, my dog ate my sandwich and then my phone cracked, so i really need something that'll make me crack up without thinking"),
    ("Comedy", I, "office misfits pulling ridiculous pranks on each other"),
    ("Comedy", I, "cringe humor, awkward silences, that vibe"),
    ("Comedy", I, "a bachelor party that spirals into absurd chaos, played for laughs"),
    ("Crime", D, "crime movie"),
    ("Crime", D, "a good crime film, gritty"),
    ("Crime", D, "something crime related, street level"),
    ("Crime", D, "so i've been binging true crime podcasts all week and now i'm in the mood for a crime movie, got anything"),
    ("Crime", I, "mob bosses, family business, dirty money"),
    ("Crime", I, "a heist crew planning to rob a casino vault"),
    ("Crime", I, "something about a drug cartel and the narcotics squad trying to bring it down"),
    ("Crime", I, "gangsters, loyalty, betrayal"),
    ("Crime", I, "tired, just want some bank robbers"),
    ("Crime", I, "con artists running a long grift on a rich guy"),
    ("Crime", I, "bro i want a mafia flick with like sit downs and hits"),
    ("Crime", I, "a corrupt cop taking bribes in a big city precinct"),
    ("Crime", I, "so my uncle used to tell stories about guys in his old neighborhood who ran numbers and collected debts and i kind of want to watch something like that, about organized gangs"),
    ("Crime", I, "a getaway driver in over his head with the underworld"),
    ("Crime", I, "smugglers moving contraband past customs"),
    ("Crime", I, "the rise and fall of a street dealer turned kingpin"),
    ("Documentary", D, "documentary please"),
    ("Documentary", D, "find me a doc, something interesting"),
    ("Documentary", D, "any good documentaries about the ocean"),
    ("Documentary", D, "i just finished a really long book about history and my brain is still buzzing, could you find a documentary, any topic really"),
    ("Documentary", I, "real footage and interviews, nothing made up"),
    ("Documentary", I, "something true, with a narrator explaining how animals survive in the wild"),
    ("Documentary", I, "nonfiction film about how chocolate gets made"),
    ("Documentary", I, "want to learn something, like real people talking about real events"),
    ("Documentary", I, "a behind the scenes look inside a real chef's kitchen, no actors"),
    ("Documentary", I, "tired. something educational, narrated"),
    ("Documentary", I, "ngl want an investigation into some real scandal with the actual people interviewed"),
    ("Documentary", I, "footage of real climbers on a real mountain, no script"),
    ("Documentary", I, "so my kid asked me how volcanoes work and i had no idea, and now i'm curious myself, can you find one of those factual films where scientists explain it"),
    ("Documentary", I, "a film that follows a real band on tour, fly on the wall, nothing staged"),
    ("Documentary", I, "archival clips and talking heads about some real historical event"),
    ("Documentary", I, "an expose on the fast food industry with real insiders"),
    ("Drama", D, "put on a drama"),
    ("Drama", D, "a drama, something serious"),
    ("Drama", D, "looking for a heavy drama tonight"),
    ("Drama", D, "we just got back from my grandma's memorial and everyone's kind of quiet, and i think we want a drama, something that feels real"),
    ("Drama", I, "something slow and emotional about a family falling apart"),
    ("Drama", I, "a serious story about ordinary people going through hard stuff"),
    ("Drama", I, "want to cry a little, a story about a father and son finally reconciling"),
    ("Drama", I, "character piece, lots of dialogue, real life problems"),
    ("Drama", I, "tired but i want something meaningful, quiet, about grief"),
    ("Drama", I, "lowkey want a movie that makes me think about life, no explosions, just people"),
    ("Drama", I, "a teacher in a struggling school who changes her students' lives"),
    ("Drama", I, "a woman rebuilding her life after divorce, realistic"),
    ("Drama", I, "my therapist says i bottle things up so maybe i need something that makes me feel things, a heavy emotional story about addiction and a family trying to hold on"),
    ("Drama", I, "powerful performances, siblings who haven't spoken in years"),
    ("Drama", I, "award bait kind of film, serious, character driven"),
    ("Drama", I, "about someone facing a terminal illness and the people around them"),
    ("Fantasy", D, "fantasy movie please"),
    ("Fantasy", D, "i want a fantasy film with a big world"),
    ("Fantasy", D, "something fantasy, epic scale"),
    ("Fantasy", D, "me and my friends just finished our tabletop campaign and we're all still hyped, can you find a fantasy movie to keep the mood going"),
    ("Fantasy", I, "wizards, dragons, enchanted swords"),
    ("Fantasy", I, "a farm boy discovers he's the chosen one and has to defeat a dark sorcerer"),
    ("Fantasy", I, "elves and dwarves on a quest through a magical kingdom"),
    ("Fantasy", I, "magic spells and mythical creatures, go"),
    ("Fantasy", I, "tired. castles and magic. that's it"),
    ("Fantasy", I, "a kid falls through a portal into a land with talking trees and a wicked queen"),
    ("Fantasy", I, "yo gimme something with sword and sorcery vibes"),
    ("Fantasy", I, "a princess cursed by a witch and a knight trying to break the spell"),
    ("Fantasy", I, "ok so i've been reading myths about gods and monsters on my commute and i want a movie set in a made up world with magic and ancient prophecies"),
    ("Fantasy", I, "fairies, trolls, a hidden realm"),
    ("Fantasy", I, "a sorcerer's apprentice learning spells in a tower"),
    ("Fantasy", I, "a world with its own maps and kingdoms and a dragon hoarding gold"),
    ("Film-Noir", D, "film noir please"),
    ("Film-Noir", D, "something noir, black and white ideally"),
    ("Film-Noir", D, "give me a classic noir"),
    ("Film-Noir", D, "i've been reading hardboiled detective paperbacks all week and now i want to watch a real film noir, the old kind"),
    ("Film-Noir", I, "black and white, cigarette smoke, a cynical private eye and a woman who's nothing but trouble"),
    ("Film-Noir", I, "a world weary gumshoe narrating over rain slick streets at night"),
    ("Film-Noir", I, "a seductive wife talks a drifter into killing her husband for the money, old black and white"),
    ("Film-Noir", I, "old timey detective stuff with venetian blind shadows and a smoky jazz score"),
    ("Film-Noir", I, "tired. moody black and white, fedoras, shadows"),
    ("Film-Noir", I, "ngl want that vibe with trench coats, voiceover, everyone double crossing each other in grainy monochrome"),
    ("Film-Noir", I, "a doomed guy in a fedora telling the story in flashback as he bleeds out"),
    ("Film-Noir", I, "so my grandpa used to watch these late at night, old movies with hard talking detectives and shadowy alleys and women you can't trust, and i want one of those"),
    ("Film-Noir", I, "hardboiled, high contrast, fatalistic, old hollywood"),
    ("Film-Noir", I, "a shady nightclub, a hired gun, a double cross, all in stark shadows"),
    ("Film-Noir", I, "an ex-con framed for murder in a city of shadows, monochrome"),
    ("Film-Noir", I, "cynical story from the old studio days where nobody gets a happy ending, shot in deep shadows"),
    ("Horror", D, "horror movie"),
    ("Horror", D, "put on horror, the gorier the better"),
    ("Horror", D, "any good horror films"),
    ("Horror", D, "so it's storming outside and the power flickered twice already and honestly it's the perfect mood, find me a horror flick"),
    ("Horror", I, "something that'll make me sleep with the lights on"),
    ("Horror", I, "haunted house, creepy kid, whispers in the walls"),
    ("Horror", I, "a masked killer stalking teenagers at a summer camp"),
    ("Horror", I, "demons, possession, a priest showing up"),
    ("Horror", I, "tired but i want to be terrified"),
    ("Horror", I, "bro i need jump scares, blood, screaming"),
    ("Horror", I, "zombies tearing through a town eating everyone"),
    ("Horror", I, "ok so my friends dared me to watch something that'll give me nightmares and i'm not backing down, find something with ghosts and gore and pure dread"),
    ("Horror", I, "a cursed doll that moves when nobody's looking"),
    ("Horror", I, "a family moves into an old farmhouse and something evil lives in the basement"),
    ("Horror", I, "monsters in the dark picking people off one by one, lots of gore"),
    ("Horror", I, "creepy cult in the woods, ritual sacrifice, pure nightmare fuel"),
    ("Musical", D, "a musical please"),
    ("Musical", D, "find me a movie musical"),
    ("Musical", D, "something musical with big numbers"),
    ("Musical", D, "my daughter just got cast in the school play and she's been singing nonstop, so we want to watch a musical together tonight"),
    ("Musical", I, "people breaking into song in the middle of the street"),
    ("Musical", I, "big song and dance numbers, tap shoes, jazz hands"),
    ("Musical", I, "a story told through songs, characters singing their feelings"),
    ("Musical", I, "broadway style show but as a film"),
    ("Musical", I, "tired. want singing and dancing."),
    ("Musical", I, "lowkey want a movie where the whole cast bursts into choreographed numbers"),
    ("Musical", I, "a factory town where the workers sing about their lives in big ensemble numbers"),
    ("Musical", I, "so i saw a stage show downtown last weekend and i can't stop humming the songs, find me a film where characters sing the story the whole way through"),
    ("Musical", I, "showtunes, a chorus kicking in unison, sequins everywhere"),
    ("Musical", I, "a movie i can sing along to because the actors sing in every scene"),
    ("Musical", I, "song after song, dance break after dance break"),
    ("Musical", I, "something where a rehearsal turns into a giant choreographed number on a staircase"),
    ("Mystery", D, "a mystery movie"),
    ("Mystery", D, "looking for a good mystery"),
    ("Mystery", D, "something with a mystery to solve, a whodunit"),
    ("Mystery", D, "i just finished a puzzle box my aunt gave me and now my brain wants more, can you find a mystery film"),
    ("Mystery", I, "a body in the library and a bunch of suspects"),
    ("Mystery", I, "a detective gathering everyone in the drawing room to reveal the killer"),
    ("Mystery", I, "clues, red herrings, a twist at the end about who did it"),
    ("Mystery", I, "a snowed in mansion, a murder, and everyone's a suspect"),
    ("Mystery", I, "tired. just want to guess who the killer is"),
    ("Mystery", I, "yo something where u gotta figure out who did it before the end"),
    ("Mystery", I, "an amateur sleuth in a small village solving a poisoning"),
    ("Mystery", I, "so me and my wife always play this game where we try to guess the culprit before the reveal, and she's winning, so i need one with a really clever puzzle and lots of suspects"),
    ("Mystery", I, "a locked room murder nobody can explain"),
    ("Mystery", I, "a missing heiress, a trail of clues, an eccentric investigator"),
    ("Mystery", I, "murder on a cruise ship with a dozen passengers who all had motive"),
    ("Mystery", I, "a puzzle plot where a detective pieces together what happened from tiny details"),
    ("Romance", D, "romance movie"),
    ("Romance", D, "something romantic please"),
    ("Romance", D, "a romance, a sweet one"),
    ("Romance", D, "it's our anniversary and we already had dinner and now we're on the couch, so can you find a nice romance for us"),
    ("Romance", I, "two strangers meet in the rain and fall for each other"),
    ("Romance", I, "a love story that makes me swoon"),
    ("Romance", I, "enemies to lovers, slow burn"),
    ("Romance", I, "want butterflies, first kiss, longing glances"),
    ("Romance", I, "tired. something about two people falling in love"),
    ("Romance", I, "ngl i need a movie where they finally kiss at the airport"),
    ("Romance", I, "a summer fling that turns into true love"),
    ("Romance", I, "so i just got dumped and my friend says i should wallow properly, so give me a story where two people are meant for each other and it's all hearts and heartache"),
    ("Romance", I, "a widower finding love again"),
    ("Romance", I, "letters between two lovers separated by an ocean"),
    ("Romance", I, "a wedding planner falling for the groom's brother"),
    ("Romance", I, "couple goals vibe, soft and swoony"),
    ("Sci-Fi", D, "sci-fi movie"),
    ("Sci-Fi", D, "find me some science fiction"),
    ("Sci-Fi", D, "i want a scifi flick with cool tech"),
    ("Sci-Fi", D, "i just got back from the planetarium with my nephew and we're both pumped, can you put on some good science fiction"),
    ("Sci-Fi", I, "spaceships, alien planets, laser blasters"),
    ("Sci-Fi", I, "robots becoming self aware"),
    ("Sci-Fi", I, "time travel and paradoxes"),
    ("Sci-Fi", I, "a crew on a starship exploring deep space"),
    ("Sci-Fi", I, "tired. aliens. spaceships."),
    ("Sci-Fi", I, "bro gimme something with cyborgs and a neon future city"),
    ("Sci-Fi", I, "a colony on mars running out of oxygen"),
    ("Sci-Fi", I, "so i read an article about artificial intelligence today and it freaked me out a little, so i want something about a future where machines take over and humans fight back"),
    ("Sci-Fi", I, "clones, genetic engineering, a dystopian future"),
    ("Sci-Fi", I, "first contact with an alien signal from another star"),
    ("Sci-Fi", I, "humans in cryosleep on a ship heading to another galaxy"),
    ("Sci-Fi", I, "warp drives, wormholes, futuristic tech"),
    ("Thriller", D, "a thriller please"),
    ("Thriller", D, "put on a thriller, something tense"),
    ("Thriller", D, "psychological thriller"),
    ("Thriller", D, "i had three coffees too many and i'm wired anyway so i might as well watch a thriller, find a good one"),
    ("Thriller", I, "something that keeps me tense and gripping the armrest the whole time"),
    ("Thriller", I, "a woman realizes her new neighbor is watching her every move"),
    ("Thriller", I, "a stalker closing in and she can't convince anyone it's real"),
    ("Thriller", I, "a man wakes up with no memory and someone's trying to kill him"),
    ("Thriller", I, "tired but i want suspense, twists, paranoia"),
    ("Thriller", I, "ngl want smth where the husband is secretly the one hunting her"),
    ("Thriller", I, "a kidnapping with a ticking ransom deadline"),
    ("Thriller", I, "so i'm home alone tonight and i'm already jumpy, and of course i want something nerve wracking, like a hostage standoff where every minute counts"),
    ("Thriller", I, "spies, double agents, a conspiracy that goes all the way up"),
    ("Thriller", I, "a nanny with a hidden agenda slowly taking over a family's life"),
    ("Thriller", I, "a juror who starts getting threatening notes"),
    ("Thriller", I, "nail biting suspense, a race to stop a killer before he strikes again"),
    ("War", D, "war movie"),
    ("War", D, "find me a war film"),
    ("War", D, "something about war, a big battle one"),
    ("War", D, "my grandfather served and he's visiting this weekend and asked if we could watch a war movie together, can you find a good one"),
    ("War", I, "soldiers storming a beach under heavy fire"),
    ("War", I, "trenches, mud, artillery, a platoon trying to survive"),
    ("War", I, "a bomber crew flying missions over enemy territory"),
    ("War", I, "submarine crew hunting enemy ships beneath the waves"),
    ("War", I, "tired. tanks and battlefields."),
    ("War", I, "bro gimme something with a squad stuck behind enemy lines"),
    ("War", I, "a medic on the front line dragging wounded men to safety"),
    ("War", I, "so i just finished this history course on the big global conflicts and i want to see what the front lines felt like for the soldiers, something with real battles"),
    ("War", I, "paratroopers dropped into occupied villages at night"),
    ("War", I, "a resistance fighter sabotaging an occupying army"),
    ("War", I, "generals planning an invasion while troops wait in foxholes"),
    ("War", I, "prisoners of war tunneling out of an enemy camp"),
    ("Western", D, "western movie please"),
    ("Western", D, "put on a western"),
    ("Western", D, "something western, old school"),
    ("Western", D, "my dad's in town and all he ever wants to watch is a western, so can you find one before he starts complaining"),
    ("Western", I, "cowboys, horses, dusty frontier town"),
    ("Western", I, "a duel on a dusty main street outside the saloon"),
    ("Western", I, "a sheriff facing down a gang of outlaws"),
    ("Western", I, "cattle drive across the open range"),
    ("Western", I, "tired. saddles and six shooters."),
    ("Western", I, "yo gimme spurs, saloons, bounty hunters"),
    ("Western", I, "a stagecoach ambushed on the trail"),
    ("Western", I, "so i spent the weekend at a ranch riding horses and now i'm in the mood for gunslingers and wide open plains, you know the kind"),
    ("Western", I, "a bounty hunter tracking a bandit across the desert on horseback"),
    ("Western", I, "homesteaders fighting off greedy cattle barons"),
    ("Western", I, "a train robbery by masked riders out on the frontier"),
    ("Western", I, "a lone drifter rides into a lawless frontier town and cleans it up"),
    ("Action", D, "put on an action film, the louder the better, my nephew's staying over and he's bored stiff"),
    ("Action", D, "my wife's gone to bed, find me an action movie i can watch with the volume low"),
    ("Action", D, "we both fancy a proper action flick tonight, something with a bit of pace"),
    ("Action", D, "any good action pictures like the ones i used to see at the saturday matinee"),
    ("Action", I, "something where the hero punches his way through a whole building floor by floor"),
    ("Action", I, "my flatmate wants car chases and stuff blowing up, and honestly so do i"),
    ("Action", I, "find me one with a lone tough guy taking on a gang of armed thugs and winning"),
    ("Action", I, "i want shootouts, stunts off rooftops, and not much talking in between"),
    ("Action", I, "my son-in-law's here for the weekend and he likes a hard man saving the day with his fists and a lot of ammunition"),
    ("Action", I, "something with nonstop fistfights, motorbike chases and a fireball every ten minutes"),
    ("Action", I, "back in my day we cheered when the muscle man leapt from the helicopter, give me that kind of picture"),
    ("Action", I, "she says no explosions, i say explosions, let's settle on one with a few explosions and a lot of martial arts"),
    ("Action", I, "put on one where an ex-special forces guy gets dragged back for one last job and leaves a trail of wreckage"),
    ("Action", I, "something with a kung fu brawl in a warehouse and a chase across the roofs of moving trains"),
    ("Action", I, "my colleague's sleeping on the sofa tonight and he only watches films with gunfights and helicopters crashing"),
    ("Action", I, "i want my pulse going, bullets flying, cars flipping, the lot, no slow bits"),
    ("Adventure", D, "play an adventure film, something with a big journey in it"),
    ("Adventure", D, "we'd both like an adventure movie tonight, nothing too heavy"),
    ("Adventure", D, "i loved the old adventure pictures at the cinema, have you got one like that"),
    ("Adventure", D, "my brother is visiting and wants a good adventure, find him one"),
    ("Adventure", I, "something about explorers hacking through a jungle looking for a lost temple"),
    ("Adventure", I, "find me one with a treasure map, a rickety boat and an island nobody's charted"),
    ("Adventure", I, "my husband wants a story where a ragtag crew sets off across deserts and mountains to find something ancient"),
    ("Adventure", I, "we used to queue round the block for pictures about men in pith helmets crossing rope bridges, anything like that"),
    ("Adventure", I, "i want a globe-trotting hunt for a missing relic, with booby traps and riddles carved in stone"),
    ("Adventure", I, "my granddaughter's off school with a cold, she likes swashbuckling pirates sailing after buried gold"),
    ("Adventure", I, "something with a hot air balloon trip over uncharted country, or a raft down a wild river"),
    ("Adventure", I, "my flatmate wants daring expeditions, i want scenery, a trek through the himalayas or the amazon might please us both"),
    ("Adventure", I, "put on one where a group of friends find an old map in the attic and head off to see where it leads"),
    ("Adventure", I, "give me a long sea voyage to some unknown shore with storms and a mutiny along the way"),
    ("Adventure", I, "my father-in-law loves anything about shipwrecked sailors surviving on a far-off island and finding their way home"),
    ("Adventure", I, "something with a daring trek across glaciers and canyons with a grizzled guide and a stubborn mule"),
    ("Animation", D, "find an animated film we can both enjoy, nothing too babyish"),
    ("Animation", D, "my partner's poorly and just wants a nice animated movie on the sofa"),
    ("Animation", D, "put on an animation for my colleague, he says he's a bit of an animation buff"),
    ("Animation", D, "have you got any cartoon features for grown-ups, i used to love them at the pictures"),
    ("Animation", I, "something hand-drawn, where you can see every brushstroke in the backgrounds"),
    ("Animation", I, "i'd like one made with little clay figures moved a frame at a time"),
    ("Animation", I, "my flatmate wants real actors, i want drawings that move, let's go with the drawn one tonight"),
    ("Animation", I, "find me one of those computer-rendered films where the toys and animals are all built in the studio software, grown-ups enjoy them too"),
    ("Animation", I, "i remember sitting in the dark watching painted rabbits and ducks dance across the screen before the main picture, something along those lines"),
    ("Animation", I, "put on something where every character is drawn, no real people at all"),
    ("Animation", I, "my wife loves that japanese hand-painted style with the big skies and the flying machines"),
    ("Animation", I, "something made with paper cutouts or puppets, stop-motion, that sort of craft"),
    ("Animation", I, "my housemate wants something where the whole world is pixels and voice actors, no actual filming on a set"),
    ("Animation", I, "find a feature where the voices are famous but you never see their faces, just the drawn characters"),
    ("Animation", I, "one made entirely of drawings, please, the kind where an artist sketched every single frame"),
    ("Animation", I, "i fancy something in that bright rubbery computer-generated look, with cute creatures and a big heart"),
    ("Children's", D, "put on a children's film, my granddaughter is here till six"),
    ("Children's", D, "a kids' movie please, my nephew is four and gets scared easily"),
    ("Children's", D, "any good family films suitable for little ones"),
    ("Children's", D, "my friend's kids are staying over, find a children's movie for them"),
    ("Children's", I, "something gentle my five year old grandson can watch without needing a cuddle halfway through"),
    ("Children's", I, "my granddaughter wants a story about a girl and her pony at a summer farm"),
    ("Children's", I, "find something safe for a toddler, no baddies worse than a grumpy neighbour"),
    ("Children's", I, "we've got the neighbours' little ones for the afternoon, something silly with a talking dog and a lesson about sharing"),
    ("Children's", I, "my wife's poorly and her little nephew is keeping her company, find something pitched at a seven year old"),
    ("Children's", I, "i need something where a bunch of school pals sort out a small problem and learn to be kind"),
    ("Children's", I, "the babysitter needs something for a six year old before bed, nothing loud"),
    ("Children's", I, "my granddaughter is home poorly, she'd like a story about a lost puppy finding its way home"),
    ("Children's", I, "something made for the under tens with a happy ending and a bit of harmless slapstick"),
    ("Children's", I, "i'd like to show my grandson the sort of picture the little ones got at the saturday morning club, a boy, his bicycle and a gang of pals"),
    ("Children's", I, "my niece is eight, pick something pitched right at her age with a nice message about friendship"),
    ("Children's", I, "we've got a room full of toddlers for a birthday, something sweet and simple that'll keep them sat still"),
    ("Comedy", D, "we could both do with a comedy tonight, it's been a long week"),
    ("Comedy", D, "put on a comedy for my mum, she's staying with us and needs cheering up"),
    ("Comedy", D, "find me a comedy like the ones that had the whole cinema in stitches when i was young"),
    ("Comedy", D, "my flatmate wants a funny film, and i agree for once"),
    ("Comedy", I, "i just want to laugh until my ribs hurt"),
    ("Comedy", I, "something daft with pratfalls and people walking into doors"),
    ("Comedy", I, "my husband's had a rotten day, put on something that'll make him giggle"),
    ("Comedy", I, "i remember the whole stalls roaring at a clumsy fellow dangling off a ladder, anything that silly"),
    ("Comedy", I, "something where two mismatched idiots bungle their way through a road trip"),
    ("Comedy", I, "we want a film packed with gags and one-liners, nothing serious at all"),
    ("Comedy", I, "my colleague's staying over and he only likes stuff that makes him snort with laughter"),
    ("Comedy", I, "something light and goofy with lots of slapstick, we need a chuckle"),
    ("Comedy", I, "put on one of those where a wedding goes completely off the rails and the guests can't keep a straight face"),
    ("Comedy", I, "something sharp and witty, the kind where you miss the next joke because you're still laughing at the last"),
    ("Comedy", I, "my partner's off sick and fed up, find something ridiculous to lift her spirits"),
    ("Comedy", I, "a silly farce with mistaken identities and people hiding in wardrobes"),
    ("Crime", D, "put on a crime film, something gritty"),
    ("Crime", D, "my partner and i are in the mood for a crime movie, nothing too violent"),
    ("Crime", D, "any good crime pictures about gangsters, like the ones i saw as a lad"),
    ("Crime", D, "my father's staying with us and he only watches crime films"),
    ("Crime", I, "something about a crew of robbers planning a bank job down to the last second"),
    ("Crime", I, "find me one about a mob family running a city's rackets and turning on each other"),
    ("Crime", I, "my husband wants a story about a drug kingpin and the cops trying to bring him down"),
    ("Crime", I, "i used to love pictures about hoodlums in pinstripes with tommy guns and bootleg liquor"),
    ("Crime", I, "something where a con artist swindles rich marks and nearly gets away with it"),
    ("Crime", I, "my flatmate likes stories about the mafia, i like clever heists, is there one with both"),
    ("Crime", I, "put on one following an undercover cop who's in too deep with the gang"),
    ("Crime", I, "something about a safe cracker pulling one last big score before going straight"),
    ("Crime", I, "my brother-in-law's here and loves anything about organised gangs and bent coppers"),
    ("Crime", I, "a story told from the side of the crooks themselves, the rise and fall of a small-time hustler"),
    ("Crime", I, "find something about a casino robbery pulled off by a slick team of thieves"),
    ("Crime", I, "something about a street gang clawing its way up to run the whole neighbourhood's rackets"),
    ("Documentary", D, "find me a documentary, something about nature"),
    ("Documentary", D, "my wife fancies a documentary tonight, anything about history"),
    ("Documentary", D, "my grandson's doing a school project, put on a documentary about the oceans"),
    ("Documentary", D, "do you have any good factual films, i'm not in the mood for made-up stories"),
    ("Documentary", I, "something true about real people, filmed as it happened, with a narrator"),
    ("Documentary", I, "i'd like to learn how the pyramids were built, with experts explaining it all"),
    ("Documentary", I, "my father loves films that follow real wildlife, penguins on the ice and so on, with a calm voice telling you what's going on"),
    ("Documentary", I, "something with real footage and interviews about how a giant company collapsed"),
    ("Documentary", I, "put on a film about real mountain climbers, not actors, with the footage they shot themselves"),
    ("Documentary", I, "we'd like something that explains how the universe began, with scientists talking to camera"),
    ("Documentary", I, "my colleague staying over wants something non-fiction about food and farming"),
    ("Documentary", I, "i remember the newsreels before the feature, give me something like that but feature length about real events"),
    ("Documentary", I, "something that follows a real family over a year, no script, just cameras"),
    ("Documentary", I, "my partner wants to learn something tonight, find a film about how the internet came about, told by the people who built it"),
    ("Documentary", I, "find one of those films where a filmmaker investigates something real and interviews everyone involved"),
    ("Documentary", I, "something about real astronauts in training, actual footage, nothing acted"),
    ("Drama", D, "put on a drama, something serious and well acted"),
    ("Drama", D, "we both want a good drama tonight, nothing with explosions"),
    ("Drama", D, "my mum's staying and she likes a proper drama, find her one"),
    ("Drama", D, "any of those weighty dramas like the ones that swept the prizes when i was young"),
    ("Drama", I, "something serious about a family falling apart after a death"),
    ("Drama", I, "i want a slow, heavy story about ordinary people facing hard choices"),
    ("Drama", I, "my wife wants something that'll make her cry, about a father and son who haven't spoken in years"),
    ("Drama", I, "something about a teacher in a struggling school trying to reach one difficult pupil"),
    ("Drama", I, "put on a character piece, all quiet conversations and big performances"),
    ("Drama", I, "i'd like something earnest about a man losing his job and his pride in a mill town"),
    ("Drama", I, "my flatmate wants to feel something, a story about grief and forgiveness, no jokes"),
    ("Drama", I, "find me something moving about a woman caring for her ageing mother"),
    ("Drama", I, "i remember the weepies about hard lives and brave mothers, something in that vein"),
    ("Drama", I, "something emotional and grounded about an immigrant family trying to make a life in a new country"),
    ("Drama", I, "my partner's in a reflective mood, something thoughtful about addiction and recovery"),
    ("Drama", I, "a family reunion where old resentments come out around the dinner table"),
    ("Fantasy", D, "find a fantasy film with wizards, my grandson loves them"),
    ("Fantasy", D, "we fancy a fantasy movie tonight, something epic"),
    ("Fantasy", D, "my colleague is staying over and wants a fantasy, any good ones"),
    ("Fantasy", D, "any of those old fantasy pictures with the stop-motion monsters i saw as a boy"),
    ("Fantasy", I, "something with dragons, sorcerers and a kingdom under a curse"),
    ("Fantasy", I, "i want elves, enchanted swords and a long quest through magical lands"),
    ("Fantasy", I, "my wife wants a fairy tale world with witches and talking trees"),
    ("Fantasy", I, "put on something where a farm boy discovers he has magic powers and must defeat a dark lord"),
    ("Fantasy", I, "something set in a made-up realm with castles, spells and mythical beasts"),
    ("Fantasy", I, "my flatmate wants barbarians and sorcerers, i want unicorns, find something in between"),
    ("Fantasy", I, "something where a girl steps through a mirror into an enchanted land"),
    ("Fantasy", I, "i want a film full of goblins, trolls and ancient prophecies"),
    ("Fantasy", I, "my granddaughter is poorly and loves stories with fairies and magic spells"),
    ("Fantasy", I, "something where a young witch is sent away to a school of magic"),
    ("Fantasy", I, "put on one with a wise old wizard guiding a band of heroes to a dark tower"),
    ("Fantasy", I, "i remember pictures where a sailor hero fought living skeletons and a giant cyclops, the magic was the best part"),
    ("Film-Noir", D, "put on a film noir, the black and white kind"),
    ("Film-Noir", D, "we both love noir, find us one tonight"),
    ("Film-Noir", D, "my dad wants an old noir detective picture, anything you've got"),
    ("Film-Noir", D, "any classic film noir from the old studio days"),
    ("Film-Noir", I, "something black and white with a cynical private eye and a dame who can't be trusted"),
    ("Film-Noir", I, "i want rain-soaked streets at midnight, shadows across the office wall and a tired voiceover"),
    ("Film-Noir", I, "find me one of those old shadowy pictures where a sap falls for a woman who's setting him up for murder"),
    ("Film-Noir", I, "my husband misses those smoky black and white pictures full of fedoras and double-dealing"),
    ("Film-Noir", I, "something bleak and stylish where the detective is as crooked as the people he's chasing, all in stark black and white"),
    ("Film-Noir", I, "i used to love the gloomy city pictures with a doomed man narrating his own downfall"),
    ("Film-Noir", I, "put on something with a femme fatale, a double cross and lots of low-key lighting"),
    ("Film-Noir", I, "my flatmate wants one of those moody monochrome pictures where everybody lies and nobody wins"),
    ("Film-Noir", I, "something with a world-weary gumshoe, a smoky nightclub singer and a body in the harbour"),
    ("Film-Noir", I, "my granddad wants the old fatalistic ones, insurance fraud, a scheming wife, the whole thing told in flashback"),
    ("Film-Noir", I, "find something shadowy and cynical from the old hollywood days, a man on the run in a city rotten through"),
    ("Film-Noir", I, "i'd like hard-bitten dialogue, trench coats and a heist gone wrong, all in high-contrast black and white"),
    ("Horror", D, "put on a horror film, i want to be scared"),
    ("Horror", D, "my flatmate and i want a horror movie with the lights off"),
    ("Horror", D, "any good old horror pictures like the ones with the castles and the fog"),
    ("Horror", D, "it's halloween, find us a horror"),
    ("Horror", I, "something that'll make me sleep with the light on"),
    ("Horror", I, "i want a haunted house with ghosts under the floorboards and a family that won't leave"),
    ("Horror", I, "find me something with a masked killer stalking teenagers at a summer camp"),
    ("Horror", I, "my boyfriend wants gore and screaming, i'm hiding behind a cushion either way"),
    ("Horror", I, "something with zombies overrunning a small town"),
    ("Horror", I, "i remember shrieking in the cinema at a pale nobleman rising from his coffin, something like that"),
    ("Horror", I, "put on one about a possessed child and a priest trying to save her"),
    ("Horror", I, "my nephew says he's brave enough for something with demons and jump scares"),
    ("Horror", I, "something with a werewolf on the moors and blood in the snow"),
    ("Horror", I, "i want a creepy doll that moves when nobody's looking"),
    ("Horror", I, "find something where a group of friends summon something in the woods and it follows them home"),
    ("Horror", I, "my wife is away so i can finally watch something truly terrifying with monsters in the cellar"),
    ("Musical", D, "put on a musical, something with big dance numbers"),
    ("Musical", D, "my wife and i would love a musical tonight"),
    ("Musical", D, "my gran's staying, find her one of the old musicals from the picture palace days"),
    ("Musical", D, "any good movie musicals with singing and dancing"),
    ("Musical", I, "something where everyone bursts into song in the middle of the street"),
    ("Musical", I, "i want tap dancing, showtunes and a big finale on a staircase"),
    ("Musical", I, "my mum loves films where the cast sings their feelings instead of saying them"),
    ("Musical", I, "put on something with chorus lines and sequins and a song every ten minutes"),
    ("Musical", I, "i remember the lavish pictures where couples waltzed across ballrooms singing to each other"),
    ("Musical", I, "my flatmate wants to sing along, find something full of numbers she can belt out"),
    ("Musical", I, "something adapted from a broadway show, with all the songs kept in"),
    ("Musical", I, "we want choreographed dance routines in rainstorms and on rooftops"),
    ("Musical", I, "my granddaughter's obsessed with stage shows, find a film where the characters sing the story"),
    ("Musical", I, "something with a big orchestra and a leading lady singing her heart out on a hilltop"),
    ("Musical", I, "put on a film with lots of songs and a troupe of dancers, my partner's had a hard day"),
    ("Musical", I, "i'd love a backstage story where the company puts on a show and every rehearsal turns into a number"),
    ("Mystery", D, "put on a mystery, something with a good twist"),
    ("Mystery", D, "we both like a mystery, find one we haven't seen"),
    ("Mystery", D, "my aunt is staying and loves a murder mystery"),
    ("Mystery", D, "any good mystery films like the ones i used to watch on wet afternoons"),
    ("Mystery", I, "something with a detective gathering all the suspects in the drawing room to reveal who did it"),
    ("Mystery", I, "i want clues scattered everywhere so i can try to guess the guilty one before the end"),
    ("Mystery", I, "my wife loves a puzzle, a body in the library and a house full of suspects"),
    ("Mystery", I, "something set on a snowbound train where one passenger is murdered and everyone has a motive"),
    ("Mystery", I, "put on one where an amateur sleuth in a village keeps stumbling over bodies near the vicarage"),
    ("Mystery", I, "i remember pictures about a pipe-smoking investigator with a magnifying glass and fog outside the window"),
    ("Mystery", I, "something where a missing heiress leaves behind a locked room and a riddle"),
    ("Mystery", I, "my flatmate wants to play detective along with the film, something full of red herrings"),
    ("Mystery", I, "find me something where the reveal at the end shows who poisoned the host at the dinner party"),
    ("Mystery", I, "my mother-in-law loves a puzzle of a plot with a fussy detective and a country house"),
    ("Mystery", I, "something where a journalist looks into a disappearance and the clues just keep unravelling"),
    ("Mystery", I, "put on one where guests on an island get picked off one by one and have to work out which of them is responsible"),
    ("Romance", D, "put on a romance, it's my wife's choice tonight"),
    ("Romance", D, "we want a romantic film for our anniversary"),
    ("Romance", D, "my sister's staying and loves a good love story"),
    ("Romance", D, "any romantic pictures like the ones we courted to at the cinema"),
    ("Romance", I, "something about two strangers who fall for each other over one summer"),
    ("Romance", I, "i want a slow burn between two people who clearly belong together but keep missing each other"),
    ("Romance", I, "my girlfriend wants something where two rival bakers end up falling for each other"),
    ("Romance", I, "i remember pictures of lovers parted by duty and writing letters across oceans"),
    ("Romance", I, "something sweet about a widower who finds love again"),
    ("Romance", I, "put on one about a couple who meet on a train and can't stop talking till dawn"),
    ("Romance", I, "my partner's under the weather and wants something swoony with a happy ever after"),
    ("Romance", I, "something about forbidden love between two families who hate each other"),
    ("Romance", I, "my flatmate just went through a breakup and weirdly wants to watch people falling head over heels"),
    ("Romance", I, "a tender story about a couple's courtship, candlelit dinners and first dances"),
    ("Romance", I, "something about a holiday fling that turns into the real thing"),
    ("Romance", I, "find something where a shy florist and a famous visitor fall for each other"),
    ("Sci-Fi", D, "put on a sci-fi film, something with spaceships"),
    ("Sci-Fi", D, "my son's visiting, he loves science fiction, find him one"),
    ("Sci-Fi", D, "we both fancy some sci-fi tonight"),
    ("Sci-Fi", D, "any of the old science fiction pictures with flying saucers"),
    ("Sci-Fi", I, "something set on a starship far from earth"),
    ("Sci-Fi", I, "i want robots that start thinking for themselves"),
    ("Sci-Fi", I, "my flatmate wants aliens landing in a city, i want time travel, find something with either"),
    ("Sci-Fi", I, "put on something set in the distant future where humans live on mars"),
    ("Sci-Fi", I, "i remember pictures where tin-suited astronauts landed on a strange planet and met its people"),
    ("Sci-Fi", I, "something about a scientist who builds a machine that bends time"),
    ("Sci-Fi", I, "my husband loves anything with lasers, space stations and interstellar travel"),
    ("Sci-Fi", I, "find me one about first contact with a species from another galaxy"),
    ("Sci-Fi", I, "something set in a high-tech future city where androids walk among people"),
    ("Sci-Fi", I, "my grandson wants a film about a crew frozen in sleep on a long journey to another star"),
    ("Sci-Fi", I, "something with cloning and genetic engineering pushed way too far"),
    ("Sci-Fi", I, "put on something where astronauts discover a wormhole near saturn"),
    ("Thriller", D, "put on a thriller, something that keeps me guessing"),
    ("Thriller", D, "we both want a tense thriller tonight"),
    ("Thriller", D, "my dad likes a good political thriller, find him one"),
    ("Thriller", D, "any suspense pictures, the kind that had me gripping the armrest"),
    ("Thriller", I, "something nail-biting where a woman realises the man she married isn't who he says"),
    ("Thriller", I, "i want a ticking clock, a conspiracy and someone being hunted across the city"),
    ("Thriller", I, "my boyfriend wants something tense about a hostage situation on a plane"),
    ("Thriller", I, "put on one where an ordinary man is framed and has to run from the police while proving his innocence"),
    ("Thriller", I, "something about a stalker who knows far too much about the family's routine"),
    ("Thriller", I, "i remember the pictures where an innocent man gets mistaken for a spy and chased across the countryside"),
    ("Thriller", I, "my colleague likes stories where a journalist races to uncover a government cover-up before an assassin finds her"),
    ("Thriller", I, "something where a kidnapper calls the parents and the clock is running out"),
    ("Thriller", I, "find me a tense cat and mouse game between a detective and a serial killer"),
    ("Thriller", I, "something with a double agent, a stolen file and nobody to trust"),
    ("Thriller", I, "my partner wants her heart in her mouth the whole way through, a psychological game between two people"),
    ("Thriller", I, "something paranoid about a witness being hunted by the very people meant to protect her"),
    ("War", D, "put on a war film, something about the navy"),
    ("War", D, "my grandad loves war movies, find him a good one"),
    ("War", D, "we want a serious war picture tonight"),
    ("War", D, "any of the old war pictures i used to see with my dad at the pictures"),
    ("War", I, "something about a platoon pinned down on a beach landing"),
    ("War", I, "i want trenches, mud and a soldier trying to get a message through the lines"),
    ("War", I, "my husband served and he likes films about bomber crews flying missions over enemy territory"),
    ("War", I, "put on one about a submarine crew hunting convoys in the atlantic"),
    ("War", I, "something about soldiers behind enemy lines trying to rescue one of their own"),
    ("War", I, "i remember the pictures about prisoners tunnelling out of a camp under the guards' noses"),
    ("War", I, "my flatmate wants battle scenes, tanks and the whole front line"),
    ("War", I, "something about fighter pilots defending the skies over england"),
    ("War", I, "a story of a resistance cell sabotaging the occupiers' railway"),
    ("War", I, "my dad wants something about the jungle campaigns, helicopters and conscripts far from home"),
    ("War", I, "something showing the cost of combat on the young men sent into it"),
    ("War", I, "find one about a field hospital near the fighting and the medics who never get a rest"),
    ("Western", D, "put on a western, a proper one with horses"),
    ("Western", D, "my dad wants a cowboy film, anything you've got"),
    ("Western", D, "we fancy a western tonight, something with a shootout"),
    ("Western", D, "any of those old westerns i used to see at the saturday pictures"),
    ("Western", I, "something with cowboys driving cattle across the plains"),
    ("Western", I, "i want a lone gunslinger riding into a dusty frontier town"),
    ("Western", I, "my grandad loves films with saloons, sheriffs and a showdown in the main street"),
    ("Western", I, "put on one about settlers in covered wagons heading for new land"),
    ("Western", I, "something where outlaws hold up the mail coach in a red rock canyon"),
    ("Western", I, "i remember pictures with a tall stranger in a poncho who barely spoke and never missed"),
    ("Western", I, "my flatmate wants spurs, revolvers and a bank robbery on the frontier"),
    ("Western", I, "something about a marshal hunting down a gang of horse thieves"),
    ("Western", I, "put on one about a feud between cattle barons and homesteaders over water rights"),
    ("Western", I, "something with a posse, a hanging tree and a long ride through the desert"),
    ("Western", I, "my husband wants tumbleweeds, gold rush boomtowns and a duel at sundown"),
    ("Western", I, "find me one about a retired gunfighter dragged back in to protect a frontier family"),
    ("Action", D, "put on an action movie"),
    ("Action", D, "any good action flicks tonight"),
    ("Action", D, "something action packed please"),
    ("Action", D, "show me high octane action"),
    ("Action", I, "car chases and explosions, the louder the better"),
    ("Action", I, "do you have anything where one guy takes out a whole building of bad guys"),
    ("Action", I, "fistfights on top of a moving train"),
    ("Action", I, "i want my heart pounding from punches and gunfire the whole way"),
    ("Action", I, "is there one with a rogue cop blowing up half the city"),
    ("Action", I, "big muscles, bigger explosions"),
    ("Action", I, "something where the hero outruns a fireball in slow motion"),
    ("Action", I, "nonstop shootouts and helicopter stunts"),
    ("Action", I, "like a workout for my adrenaline, lots of fighting and crashes"),
    ("Action", I, "orange fireballs, shattered glass, and a thumping soundtrack"),
    ("Action", I, "a lone mercenary fighting his way out of a hostage standoff"),
    ("Action", I, "martial arts brawls and motorcycle pursuits"),
    ("Adventure", D, "show me adventure films"),
    ("Adventure", D, "something adventurous for tonight"),
    ("Adventure", D, "got any good adventure stories"),
    ("Adventure", I, "explorers hunting for a lost temple in the jungle"),
    ("Adventure", I, "do you have anything where a crew sails off to find buried treasure"),
    ("Adventure", I, "like a long hike through unmapped country with a treasure map"),
    ("Adventure", I, "old maps, rope bridges, and hidden caves"),
    ("Adventure", I, "is there one about a trek across the desert to find a lost city"),
    ("Adventure", I, "a quest over mountains and rivers to find a legendary relic"),
    ("Adventure", I, "dusty fedoras, ancient ruins and booby traps"),
    ("Adventure", I, "a band of travelers crossing wild lands in search of a lost expedition"),
    ("Adventure", I, "swashbuckling on the high seas"),
    ("Adventure", I, "globe trotting treasure hunt"),
    ("Adventure", I, "a daring river journey deep into the rainforest"),
    ("Adventure", I, "climbers and guides braving glaciers in search of a hidden valley"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "show me cartoons"),
    ("Animation", D, "something animated please"),
    ("Animation", D, "any good animation"),
    ("Animation", I, "hand drawn, painted backgrounds, no real actors"),
    ("Animation", I, "is there one made with clay figures moved frame by frame"),
    ("Animation", I, "do you have anything made entirely on computers, with glossy rendered characters"),
    ("Animation", I, "fully computer generated, voice actors playing talking cars"),
    ("Animation", I, "stop motion puppets"),
    ("Animation", I, "something drawn instead of filmed"),
    ("Animation", I, "watercolor backgrounds and hand inked characters from japan"),
    ("Animation", I, "a movie with no live actors, just voices behind drawings"),
    ("Animation", I, "like flipping through a sketchbook that comes alive"),
    ("Animation", I, "paper cutout characters that move"),
    ("Animation", I, "cel shaded characters voiced by comedians"),
    ("Animation", I, "crayon textured drawings that dance across the screen"),
    ("Children's", D, "a kids movie"),
    ("Children's", D, "something for children"),
    ("Children's", D, "family film for the little ones"),
    ("Children's", D, "movies for kids please"),
    ("Children's", I, "something my five year old can watch without getting scared"),
    ("Children's", I, "do you have anything gentle for toddlers before bedtime"),
    ("Children's", I, "a story about a boy and his dog that a first grader would love"),
    ("Children's", I, "safe for my granddaughter who's in first grade, nothing scary, no bad words"),
    ("Children's", I, "is there one the whole class of second graders could watch"),
    ("Children's", I, "silly and sweet for a kindergarten sleepover"),
    ("Children's", I, "a puppy who finds his way home, for a pair of preschoolers"),
    ("Children's", I, "nap time viewing for a four year old"),
    ("Children's", I, "like a picture book read aloud at bedtime"),
    ("Children's", I, "short and sweet for a child who just learned to read"),
    ("Children's", I, "talking farm animals and a lesson about sharing"),
    ("Children's", I, "something the babysitter can put on for a six and eight year old"),
    ("Comedy", D, "a comedy please"),
    ("Comedy", D, "funny movies"),
    ("Comedy", D, "put on something hilarious"),
    ("Comedy", D, "got any comedies"),
    ("Comedy", I, "i need to laugh until my stomach hurts"),
    ("Comedy", I, "do you have anything with ridiculous pratfalls and one-liners"),
    ("Comedy", I, "two clumsy roommates making a mess of everything"),
    ("Comedy", I, "is there one where a wedding goes wrong in the silliest possible ways"),
    ("Comedy", I, "slapstick with lots of banana peel moments"),
    ("Comedy", I, "goofy gags and dumb jokes"),
    ("Comedy", I, "like a night at a stand up club but with a story"),
    ("Comedy", I, "i've had a rough week, make me giggle"),
    ("Comedy", I, "spit take worthy jokes"),
    ("Comedy", I, "a road trip with bickering buddies and wacky mishaps"),
    ("Comedy", I, "light and goofy, nothing serious"),
    ("Comedy", I, "a bumbling spy who keeps tripping over his own feet"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "crime films please"),
    ("Crime", D, "something about crime"),
    ("Crime", D, "show me a crime story"),
    ("Crime", I, "a mob family running the docks"),
    ("Crime", I, "do you have anything about a bank heist crew"),
    ("Crime", I, "drug cartels, dirty cops, and wiretaps"),
    ("Crime", I, "is there one following a mafia boss's rise to the top"),
    ("Crime", I, "gangsters in pinstripe suits"),
    ("Crime", I, "like watching a chess game between detectives and a gang"),
    ("Crime", I, "a crew of thieves planning the perfect robbery"),
    ("Crime", I, "bookies, loan sharks and a turf war in the city"),
    ("Crime", I, "street hustlers and counterfeit money"),
    ("Crime", I, "the rise and fall of a drug kingpin"),
    ("Crime", I, "mob bosses and money laundering"),
    ("Crime", I, "a getaway driver caught up with the mob"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "show me documentaries"),
    ("Documentary", D, "any good docs"),
    ("Documentary", D, "a nonfiction film please"),
    ("Documentary", I, "real footage, real people, narrated"),
    ("Documentary", I, "do you have anything true about deep sea creatures with a calm narrator"),
    ("Documentary", I, "interviews and archival footage about a real scandal"),
    ("Documentary", I, "is there one that follows real chefs in their kitchen for a year"),
    ("Documentary", I, "nature footage of lions on the savanna with narration"),
    ("Documentary", I, "a film with interviews that investigates a real corporate cover up"),
    ("Documentary", I, "like a long museum visit on screen"),
    ("Documentary", I, "true stories told by the people who lived them"),
    ("Documentary", I, "talking heads and old newsreels"),
    ("Documentary", I, "behind the scenes of a real rock band's tour, filmed as it happened"),
    ("Documentary", I, "something educational about ancient egypt with experts explaining"),
    ("Documentary", I, "unscripted, all real, about climate scientists in the arctic"),
    ("Drama", D, "a drama"),
    ("Drama", D, "dramas please"),
    ("Drama", D, "something dramatic"),
    ("Drama", D, "a serious drama tonight"),
    ("Drama", I, "a family falling apart after a loss"),
    ("Drama", I, "do you have anything about a father and son who stopped speaking"),
    ("Drama", I, "heavy and emotional, about ordinary people"),
    ("Drama", I, "is there one about a teacher changing a student's life"),
    ("Drama", I, "slow, quiet story about a marriage in trouble"),
    ("Drama", I, "a story about a man rebuilding his life after prison"),
    ("Drama", I, "character driven, lots of talking, big emotions"),
    ("Drama", I, "like sitting with a friend through the worst year of their life"),
    ("Drama", I, "a mother battling addiction to get her kids back"),
    ("Drama", I, "gritty working class lives, no jokes"),
    ("Drama", I, "an aging farmer losing his land"),
    ("Drama", I, "soft piano, rain on windows, siblings reconciling at a funeral"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "fantasy films please"),
    ("Fantasy", D, "sword and sorcery"),
    ("Fantasy", D, "show me fantasy"),
    ("Fantasy", I, "wizards, dragons and an enchanted sword"),
    ("Fantasy", I, "do you have anything with elves and a dark lord"),
    ("Fantasy", I, "is there one where a kitchen maid discovers she can cast spells"),
    ("Fantasy", I, "castles, spells and mythical beasts"),
    ("Fantasy", I, "like reading a storybook full of magic"),
    ("Fantasy", I, "a young mage training at a tower of spellcasters"),
    ("Fantasy", I, "unicorns, fairies and a cursed kingdom"),
    ("Fantasy", I, "misty forests, glowing runes, and trolls under bridges"),
    ("Fantasy", I, "a quest to destroy a cursed crown in a land of giants"),
    ("Fantasy", I, "talking trees and witches"),
    ("Fantasy", I, "a secret door leading into a realm of goblins"),
    ("Fantasy", I, "enchanted kingdoms with knights and sorceresses"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "noir movies please"),
    ("Film-Noir", D, "classic noir"),
    ("Film-Noir", D, "show me some film noir"),
    ("Film-Noir", I, "black and white, rain slicked streets, a cynical private eye"),
    ("Film-Noir", I, "do you have anything with a femme fatale and a hardboiled detective"),
    ("Film-Noir", I, "venetian blind shadows and cigarette smoke"),
    ("Film-Noir", I, "is there one with a world weary gumshoe narrating in voiceover"),
    ("Film-Noir", I, "fedoras, trench coats, and double crosses in a shadowy city"),
    ("Film-Noir", I, "like a smoky jazz bar at two in the morning, with a murder"),
    ("Film-Noir", I, "old black and white crime with moody lighting and a doomed sap"),
    ("Film-Noir", I, "high contrast shadows and a sultry dame with a gun"),
    ("Film-Noir", I, "a tired detective, a lying blonde, and a city that only wakes up at night"),
    ("Film-Noir", I, "old hollywood detective stories drenched in shadow"),
    ("Film-Noir", I, "stark lighting, wet pavement, and a lonely saxophone"),
    ("Film-Noir", I, "hardboiled dialogue and a doomed insurance swindle"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "horror please"),
    ("Horror", D, "something scary, horror"),
    ("Horror", D, "show me horror films"),
    ("Horror", I, "i want to sleep with the lights on tonight"),
    ("Horror", I, "do you have anything with a haunted house and a demon in the basement"),
    ("Horror", I, "zombies, blood and screaming"),
    ("Horror", I, "is there one where campers get picked off in the woods by a masked killer"),
    ("Horror", I, "creaking doors, flickering lights, and something under the bed"),
    ("Horror", I, "a possessed doll"),
    ("Horror", I, "like walking alone through a graveyard at midnight"),
    ("Horror", I, "gory, jump scares, ghosts"),
    ("Horror", I, "a family moves into a farmhouse and the walls start whispering"),
    ("Horror", I, "an exorcism gone wrong"),
    ("Horror", I, "vampires stalking a small town"),
    ("Horror", I, "something that'll make me hide behind a pillow"),
    ("Musical", D, "a musical"),
    ("Musical", D, "show me musicals"),
    ("Musical", D, "a movie musical please"),
    ("Musical", D, "any good musicals"),
    ("Musical", I, "characters break into song in the middle of the street"),
    ("Musical", I, "do you have anything with big dance numbers and showtunes"),
    ("Musical", I, "tap dancing, sequins and a full orchestra"),
    ("Musical", I, "is there one with a broadway style score"),
    ("Musical", I, "singing and dancing through the whole thing"),
    ("Musical", I, "like a stage show with choreographed routines"),
    ("Musical", I, "jazz hands and show stoppers"),
    ("Musical", I, "every character sings their feelings"),
    ("Musical", I, "a chorus line on a grand staircase"),
    ("Musical", I, "a backstage story where the numbers are performed in full"),
    ("Musical", I, "duets, ballads, and a big finale number"),
    ("Musical", I, "colorful costumes and choreography with everyone singing"),
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "mystery movies"),
    ("Mystery", D, "any good mysteries"),
    ("Mystery", D, "a whodunit please"),
    ("Mystery", I, "a detective gathering all the suspects in the drawing room"),
    ("Mystery", I, "do you have anything where i have to guess who the killer is"),
    ("Mystery", I, "like a puzzle box where every clue matters"),
    ("Mystery", I, "is there one set in a country manor with a body in the library"),
    ("Mystery", I, "clues, red herrings and a final reveal"),
    ("Mystery", I, "an amateur sleuth solving a murder on a train"),
    ("Mystery", I, "figure out who did it before the end"),
    ("Mystery", I, "a locked room and a missing heiress"),
    ("Mystery", I, "a small village where everyone's hiding something and a detective asking questions"),
    ("Mystery", I, "riddles and a missing will"),
    ("Mystery", I, "an eccentric inspector with a magnifying glass"),
    ("Mystery", I, "keep me guessing who took the necklace"),
    ("Romance", D, "a romance"),
    ("Romance", D, "romantic movies"),
    ("Romance", D, "a love story please"),
    ("Romance", D, "something romantic"),
    ("Romance", I, "two people who can't stand each other slowly falling in love"),
    ("Romance", I, "do you have anything where strangers meet on a train and fall for each other"),
    ("Romance", I, "candlelit dinners and long stares across the table"),
    ("Romance", I, "is there one about star crossed lovers"),
    ("Romance", I, "date night, something with kissing in the rain"),
    ("Romance", I, "like a first date that lasts two hours"),
    ("Romance", I, "a widow finding love again"),
    ("Romance", I, "butterflies in my stomach kind of movie, about a couple"),
    ("Romance", I, "a summer fling in a seaside town"),
    ("Romance", I, "heartfelt letters between two lovers separated by an ocean"),
    ("Romance", I, "a will they won't they couple"),
    ("Romance", I, "sunset walks on the beach and a proposal"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "science fiction please"),
    ("Sci-Fi", D, "show me sci-fi"),
    ("Sci-Fi", D, "any good science fiction"),
    ("Sci-Fi", I, "spaceships, aliens, and laser beams"),
    ("Sci-Fi", I, "do you have anything set on a colony on mars"),
    ("Sci-Fi", I, "time travel and robots"),
    ("Sci-Fi", I, "is there one with androids questioning their humanity"),
    ("Sci-Fi", I, "neon cities, flying cars and cyborgs"),
    ("Sci-Fi", I, "like a trip to the far future"),
    ("Sci-Fi", I, "astronauts stranded on a distant planet"),
    ("Sci-Fi", I, "a starship crew exploring a wormhole"),
    ("Sci-Fi", I, "artificial intelligence taking over"),
    ("Sci-Fi", I, "humming synthesizers, chrome corridors, and cryo sleep pods"),
    ("Sci-Fi", I, "first contact with an alien civilization"),
    ("Sci-Fi", I, "genetic engineering gone wrong in a future city"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "thrillers please"),
    ("Thriller", D, "something thrilling"),
    ("Thriller", D, "a suspense thriller"),
    ("Thriller", I, "edge of my seat, can't breathe kind of tension"),
    ("Thriller", I, "do you have anything where a woman suspects her new husband isn't who he says"),
    ("Thriller", I, "a cat and mouse chase with a hitman"),
    ("Thriller", I, "is there one where someone is framed and on the run"),
    ("Thriller", I, "tense, twisty, heart racing"),
    ("Thriller", I, "like holding your breath for two hours"),
    ("Thriller", I, "a kidnapping with a ticking clock"),
    ("Thriller", I, "a psychological game between a cop and a killer"),
    ("Thriller", I, "paranoid and claustrophobic, someone's watching her"),
    ("Thriller", I, "a conspiracy where nobody can be trusted"),
    ("Thriller", I, "a stranger who won't stop calling"),
    ("Thriller", I, "white knuckle tension with a shocking twist"),
    ("War", D, "a war movie"),
    ("War", D, "war films please"),
    ("War", D, "something about war"),
    ("War", D, "show me war movies"),
    ("War", I, "soldiers in the trenches"),
    ("War", I, "do you have anything about a platoon behind enemy lines"),
    ("War", I, "battlefields, tanks and air raids"),
    ("War", I, "is there one about a bomber crew over europe"),
    ("War", I, "a beach landing under machine gun fire"),
    ("War", I, "like a history class about the front lines"),
    ("War", I, "a squad of marines in the jungle"),
    ("War", I, "submarines and torpedoes in the north atlantic"),
    ("War", I, "medics on the front line"),
    ("War", I, "foxholes, artillery and comrades"),
    ("War", I, "muddy trenches, rifle fire and a letter home"),
    ("Western", D, "a western"),
    ("Western", D, "westerns please"),
    ("Western", D, "cowboy movies"),
    ("Western", D, "show me a western"),
    ("Western", I, "cowboys, saloons, and a sheriff"),
    ("Western", I, "do you have anything with outlaws robbing a stagecoach"),
    ("Western", I, "dusty frontier town and a gunslinger"),
    ("Western", I, "is there one about a cattle drive"),
    ("Western", I, "tumbleweeds, spurs and harmonica music"),
    ("Western", I, "like a ride across the prairie on horseback"),
    ("Western", I, "a bounty hunter tracking a bank robber across the desert"),
    ("Western", I, "duels at dawn on main street"),
    ("Western", I, "homesteaders against ranchers"),
    ("Western", I, "red canyons, horses and revolvers"),
    ("Western", I, "a lone drifter riding into a lawless mining town"),
    ("Western", I, "gold rush, saloon brawls and six shooters"),
];

/// The report's description of the twelfth set.
pub(crate) const BLIND_12_WHAT: &str = "written on 2026-12-05 (session 33) by three helper agents told not to read any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (a family; young adults; older viewers and film buffs), before any reader read it, and read first by the pre-registered third test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-12/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to eleventh-set wording or an example phrase; dealt (not drawn) in place of the 600 test requests' genre wordings, so every kept wording is read before any is read twice; the candidate's paired difference judged at 1 - 0.05/3 over 10,000 resamples of wordings";

/// The report's description of the thirteenth set.
pub(crate) const BLIND_13_WHAT: &str = "written on 2026-12-06 (session 37) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (tired viewers on the sofa after work; teenagers, students and viewers for whom English is a second language; couples and friends choosing together, and retired viewers describing films as they remember them), before the phrase candidate was designed, and read first by its pre-registered test (docs/eval/written-phrases/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to twelfth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// The report's description of the sixteenth set.
pub(crate) const BLIND_16_WHAT: &str = "written on 2026-12-06 (session 39) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (teenagers and students in slang, tired viewers in half-sentences and viewers who ramble about their day before asking; retired viewers remembering the pictures of their youth, couples and flatmates negotiating, and viewers asking for someone else; viewers describing the look and sound they want, viewers asking in questions, comparisons to everyday life and two-to-four-word asks), started before the more-sets candidate was run, and read first by its pre-registered test (docs/eval/more-sets/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to fifteenth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// The report's description of the fifteenth set.
pub(crate) const BLIND_15_WHAT: &str = "written on 2026-12-06 (session 38) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (viewers describing their mood or situation tonight rather than the film; English speakers of many regions and non-native speakers translating word by word; distracted viewers with fillers and self-corrections, and viewers describing a kind of story by its typical plot), and read first by the genre probe candidate's pre-registered test (docs/eval/genre-probe/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), 3 repeated within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to fourteenth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// The report's description of the fourteenth set.
pub(crate) const BLIND_14_WHAT: &str = "written on 2026-12-06 (session 37) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (parents and grandparents babysitting, in full polite sentences; film enthusiasts describing craft and atmosphere, and viewers half remembering one scene; busy viewers in fragments who correct themselves, and gamers and comic-book fans), before the second phrase candidate was designed, and read first by its pre-registered test (docs/eval/written-phrases/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect); dropped by the fifth set's rule and where they repeat a fifth- to thirteenth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

/// A set of blind wordings: (genre, kind, wording), as written.
pub(crate) type Wordings = [(&'static str, Kind, &'static str)];

/// Why a wording of `genre` is not held out, or None when it is; `earlier`:
/// the blind sets written before this one.
fn dropped_because(genre: &str, kind: Kind, wording: &str, earlier: &Wordings) -> Option<String> {
    let norm = |t: &str| words(t).join(" ");
    let n = norm(wording);
    if earlier.iter().any(|x| norm(x.2) == n) {
        return Some("repeats an earlier blind set's wording".into());
    }
    let mut seen = GENRE_WORDS.iter().flat_map(|g| g.1.iter().copied()).chain(DEV_WORDINGS.iter().chain(READER_DEV_WORDINGS).map(|d| d.0));
    if seen.any(|x| norm(x) == n) {
        return Some("repeats an evaluation or development wording".into());
    }
    if TRAIN_WORDINGS.iter().flat_map(|t| t.1.iter().copied()).chain(NO_GENRE.iter().copied()).any(|x| norm(x) == n) {
        return Some("repeats a training wording".into());
    }
    if kind == I {
        let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == genre).flat_map(|t| t.1.iter().flat_map(|x| words(x))).filter(|x| !is_stop(x)).collect();
        if let Some(x) = words(wording).into_iter().filter(|x| !is_stop(x)).find(|x| trained.contains(x)) {
            return Some(format!("indirect, shares {x:?} with a training wording of its genre"));
        }
    }
    None
}

/// What the `set`-th blind set's wordings (the seventh on) must not
/// repeat: every written set before it and the example phrases the
/// exemplar candidate reads by.
pub(super) fn before_set(set: usize) -> Vec<(&'static str, Kind, &'static str)> {
    let in_library = dualrec::pipeline::written_requests::ALL_SETS.len() + 5;
    assert!((7..=in_library + 1).contains(&set), "the {set}th set");
    let examples = dualrec::pipeline::request::example_phrases(0, false).map(|(g, p)| (g, I, p));
    dualrec::pipeline::written_requests::ALL_SETS[..(set - 5).min(in_library - 5)].iter().flat_map(|w| w.iter().copied()).chain(examples).collect()
}

/// The held-out wordings of `set`: those not dropped.
pub(super) fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
    set.iter().filter(|w| dropped_because(w.0, w.1, w.2, earlier).is_none()).collect()
}

/// How a set's kept wordings are put in place of the requests' own, and judged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Design {
    /// Each request draws one kept wording of its genre and kind, with
    /// replacement (the fifth to eleventh sets).
    Drawn,
    /// Each genre's kept wordings of a kind are dealt in a seeded order,
    /// cycling, so every one is read before any is read twice (a large set's
    /// wordings are not left unread by chance); paired genre F1 differences
    /// also get an interval at `level` over 10,000 resamples of wordings (the
    /// twelfth set: the third test of one candidate, corrected for three tries).
    Dealt { level: f64 },
}

/// The requests with a genre, their genre wording replaced by a held-out
/// one of the same genre (seeded: direct with probability 2/3, as the
/// templated requests' plain and synonym slots, then any of that kind; slot 0
/// for direct, 2 for indirect), drawn or dealt as `design` says; the others
/// unchanged.
fn reworded(queries: &[(usize, Query)], kept: &[&'static (&'static str, Kind, &'static str)], seed: u64, design: Design) -> Vec<(usize, Query)> {
    let mut rng = SplitMix(seed);
    // Dealing: each (genre, kind)'s wordings shuffled once (another stream), then taken in turn.
    let mut deal_rng = SplitMix(seed ^ 0x6465_616c);
    type Deck = (Vec<&'static (&'static str, Kind, &'static str)>, usize);
    let mut decks: BTreeMap<(&str, bool), Deck> = BTreeMap::new();
    queries
        .iter()
        .map(|(ci, q)| {
            if q.phrase.is_empty() {
                return (*ci, q.clone());
            }
            debug_assert!(q.text.starts_with(q.phrase));
            let of = |k: Kind| kept.iter().copied().filter(|w| w.0 == q.genres[0] && w.1 == k).collect::<Vec<_>>();
            let want = if rng.below(3) < 2 { D } else { I };
            let pool = [of(want), of(if want == D { I } else { D })].into_iter().find(|p| !p.is_empty()).unwrap_or_default();
            if pool.is_empty() {
                return (*ci, q.clone());
            }
            let w = match design {
                Design::Drawn => pool[rng.below(pool.len())],
                Design::Dealt { .. } => {
                    let (deck, next) = decks.entry((pool[0].0, pool[0].1 == D)).or_insert_with(|| {
                        let mut d = pool.clone();
                        for i in (1..d.len()).rev() {
                            d.swap(i, deal_rng.below(i + 1));
                        }
                        (d, 0)
                    });
                    let w = deck[*next % deck.len()];
                    *next += 1;
                    w
                }
            };
            (*ci, Query { text: format!("{}{}", w.2, &q.text[q.phrase.len()..]), wording: if w.1 == D { 0 } else { 2 }, phrase: w.2, ..q.clone() })
        })
        .collect()
}

/// What the set is measured with (the same as the templated requests').
pub(super) struct BlindSet<'a> {
    pub engine: &'a Engine,
    pub cases: &'a [protocol::Case],
    pub queries: &'a [(usize, Query)],
    /// The templated requests read without the LLM, with the target's rank without a request.
    pub rules_rows: &'a [Row<'a>],
    pub weights: QueryWeights,
    pub no_margin: QueryWeights,
    /// Also read so, paired (a candidate).
    pub compared: Option<Compared>,
    pub llm_mode: UnreadPhrases,
    pub has_llm: bool,
}

impl BlindSet<'_> {
    /// `set`'s held-out wordings (after `earlier`'s) in place of the requests' own; `what` describes the set.
    pub fn measure(&self, set: &'static Wordings, earlier: &Wordings, seed: u64, what: &str, design: Design) -> Result<serde_json::Value> {
        let kept = held_out(set, earlier);
        let requests = reworded(self.queries, &kept, seed, design);
        let read = |w: &QueryWeights, by: UnreadPhrases| -> Result<(Vec<Row>, Vec<f64>)> {
            let (mut rows, ms) = evaluate(self.engine, self.cases, &requests, w, false, by)?;
            // The same histories: "without" is the same recommend call.
            rows.iter_mut().zip(self.rules_rows).for_each(|(r, b)| r.3 = b.3);
            Ok((rows, ms))
        };
        let (rows, ms) = read(&self.weights, self.llm_mode)?;
        let llm_ms: Vec<f64> = rows.iter().zip(&ms).filter(|(r, _)| r.1.as_ref().is_some_and(|i| i.read_by_llm)).map(|(_, &m)| m).collect();
        let library = measure(&rows, ms, true);
        let (plain_rows, plain_ms) = read(&self.weights, UnreadPhrases::Similarity)?;
        let plain = measure(&plain_rows, plain_ms, true);
        // Where the library's LLM names only the film its genre margin is unused: margin 0 would read the same.
        let zero = if self.has_llm && !self.weights.llm_names_film_only() { let (r, ms) = read(&self.no_margin, self.llm_mode)?; Some(measure(&r, ms, true)) } else { None };
        let (other, other_rows) = match &self.compared {
            Some(c) => {
                let (r, ms) = read(&c.weights, self.llm_mode)?;
                (Some((c.key, measure(&r, ms, true))), Some((c.key, r)))
            }
            None => (None, None),
        };
        // Per wording: requests, mean genre F1 by the library and without the LLM.
        let mut per_wording: Vec<serde_json::Value> = Vec::new();
        for w in &kept {
            let f = |rows: &[Row]| -> Vec<f64> { rows.iter().filter(|r| r.0.phrase == w.2).map(|r| super::f1(&r.0.genres, &r.1.as_ref().map(|i| i.all_genres()).unwrap_or_default())).collect() };
            let (l, p) = (f(&rows), f(&plain_rows));
            let c = other_rows.as_ref().map(|(key, r)| (key, super::mean(&f(r))));
            // Whether an earlier set or example phrase of its genre has one of its content words (for the written-requests candidate).
            let content = |t: &str| words(t).into_iter().filter(|x| !is_stop(x)).collect::<Vec<_>>();
            let shares = content(w.2).iter().any(|x| earlier.iter().filter(|e| e.0 == w.0).any(|e| content(e.2).contains(x)));
            if !l.is_empty() {
                per_wording.push(serde_json::json!({"compared": c.map(|c| serde_json::json!({"key": c.0, "genre_f1": c.1})), "shares_content_word_with_earlier": shares, "genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "requests": l.len(), "genre_f1_library": super::mean(&l), "genre_f1_without_llm": super::mean(&p),
                    "read_as": rows.iter().find(|r| r.0.phrase == w.2).map(|r| r.1.as_ref().map_or("(unclear: refused)".to_string(), |i| if i.all_genres().is_empty() { "none".to_string() } else { i.all_genres().join(", ") }))}));
            }
        }
        let dropped: Vec<serde_json::Value> = set.iter().filter_map(|w| dropped_because(w.0, w.1, w.2, earlier).map(|why| serde_json::json!({"genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "why": why}))).collect();
        let mut out = serde_json::json!({
            "what": what,
            "wordings": {"written": set.len(), "kept_direct": kept.iter().filter(|w| w.1 == D).count(), "kept_indirect": kept.iter().filter(|w| w.1 == I).count(), "dropped": dropped},
            "keys": "genre_f1_wording0: direct wordings; genre_f1_wording2: indirect",
            "library": library.json(),
            "margin_0": zero.as_ref().map(|z| z.json()),
            "without_llm": plain.json(),
            "paired_library_minus_without_llm": paired_difference(&library, &plain),
            "paired_library_minus_margin_0": zero.as_ref().map(|z| paired_difference(&library, z)),
            "llm_calls_ms": {"calls": llm_ms.len(), "p50": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.5)), "p99": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.99))},
            "per_wording": per_wording,
        });
        if let Some((key, m)) = &other {
            out[*key] = m.json();
            out[format!("paired_library_minus_{key}")] = serde_json::json!(paired_difference(&library, m));
        }
        if let Design::Dealt { level } = design {
            out["design"] = serde_json::json!({"dealt": true, "test_level": level, "test_resamples": TEST_RESAMPLES,
                "wordings_read": per_wording.len(), "requests_reworded": requests.iter().filter(|r| !r.1.phrase.is_empty()).count()});
            let mut pairs: Vec<(String, &Measured)> = vec![("paired_library_minus_without_llm".into(), &plain)];
            if let Some((key, m)) = &other {
                pairs.push((format!("paired_library_minus_{key}"), m));
            }
            for (name, m) in pairs {
                for k in ["genre_f1", "genre_f1_wording0", "genre_f1_wording2"] {
                    if let Some(ci) = paired_wording_ci_at(&library, m, k, level, TEST_RESAMPLES) {
                        out[&name][k]["ci_test_level_resampling_wordings"] = serde_json::json!(ci);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The markdown section of [`BlindSet::measure`]'s JSON.
pub(super) fn md(j: &serde_json::Value, margin: f32, title: &str) -> String {
    let cell = |v: &serde_json::Value| {
        if v.is_null() { "—".to_string() } else { format!("{} [{:.3}–{:.3}]", super::mean_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) }
    };
    let signed = |v: &serde_json::Value| if v.is_null() { "—".to_string() } else { format!("{} [{:+.3}…{:+.3}]", super::signed_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) };
    let hr = |m: &serde_json::Value| format!("{:.4} ({:.2}×)", m["ranking"]["all"]["hr10_with"].as_f64().unwrap_or(0.0), m["ranking"]["all"]["hr10_ratio"].as_f64().unwrap_or(0.0));
    let w = &j["wordings"];
    let mut md = format!(
        "\n## {title}\n\n{}.\n\nKept {} direct and {} indirect wordings of {} written. Intervals: (resampling requests) [resampling wordings].\n\n| measure | the library (margin {margin}) | margin 0 | without the LLM | library minus without the LLM |\n|---|---|---|---|---|\n",
        j["what"].as_str().unwrap_or_default(), w["kept_direct"], w["kept_indirect"], w["written"]
    );
    for (k, name) in [("genre_f1", "genre F1"), ("genre_f1_wording0", "— direct"), ("genre_f1_wording2", "— indirect")] {
        md += &format!("| {name} | {} | {} | {} | {} |\n", cell(&j["library"]["reading"][k]), cell(&j["margin_0"]["reading"][k]), cell(&j["without_llm"]["reading"][k]), signed(&j["paired_library_minus_without_llm"][k]));
    }
    md += &format!("| HR@10 with the request (ratio to without) | {} | {} | {} | {} |\n", hr(&j["library"]), if j["margin_0"].is_null() { "—".into() } else { hr(&j["margin_0"]) }, hr(&j["without_llm"]), super::signed_ci_cell(&j["paired_library_minus_without_llm"]["hr10"]));
    for (key, name) in super::CANDIDATES {
        if !j[key].is_null() {
            let (c, d) = (&j[key]["reading"], &j[format!("paired_library_minus_{key}")]);
            md += &format!(
                "\nWith {name}: genre F1 {}, direct {}, indirect {}; HR@10 {}. The library minus it, paired: genre F1 {}, direct {}, indirect {}; HR@10 {}.\n",
                cell(&c["genre_f1"]), cell(&c["genre_f1_wording0"]), cell(&c["genre_f1_wording2"]), hr(&j[key]), signed(&d["genre_f1"]), signed(&d["genre_f1_wording0"]), signed(&d["genre_f1_wording2"]), super::signed_ci_cell(&d["hr10"])
            );
        }
    }
    if j["design"]["dealt"].as_bool() == Some(true) {
        let level = j["design"]["test_level"].as_f64().unwrap_or(0.0);
        md += &format!("\nDealt: {} wordings read over {} requests. Intervals at {:.4} ({} resamples of wordings in pairs), the library minus:", j["design"]["wordings_read"], j["design"]["requests_reworded"], level, j["design"]["test_resamples"]);
        for (key, name) in [("without_llm", "the reader without the LLM")].into_iter().chain(super::CANDIDATES.iter().copied()) {
            let d = &j[format!("paired_library_minus_{key}")];
            if !d.is_null() {
                let ci = |k: &str| format!("{:+.3} [{:+.3}…{:+.3}]", d[k]["mean"].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][0].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][1].as_f64().unwrap_or(0.0));
                md += &format!(" {name}: genre F1 {}, direct {}, indirect {};", ci("genre_f1"), ci("genre_f1_wording0"), ci("genre_f1_wording2"));
            }
        }
        md += "\n";
    }
    md += "\nIndirect wordings the library reads worst:\n\n| genre | wording | requests | genre F1: library / without the LLM | read as |\n|---|---|---|---|---|\n";
    let mut worst: Vec<&serde_json::Value> = j["per_wording"].as_array().into_iter().flatten().filter(|x| x["kind"] == "indirect").collect();
    worst.sort_by(|a, b| a["genre_f1_library"].as_f64().unwrap_or(0.0).total_cmp(&b["genre_f1_library"].as_f64().unwrap_or(0.0)));
    for x in worst.iter().take(12) {
        md += &format!("| {} | {} | {} | {:.2} / {:.2} | {} |\n", x["genre"].as_str().unwrap_or_default(), x["wording"].as_str().unwrap_or_default(), x["requests"], x["genre_f1_library"].as_f64().unwrap_or(0.0), x["genre_f1_without_llm"].as_f64().unwrap_or(0.0), x["read_as"].as_str().unwrap_or_default());
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dealt, every kept wording of a genre and kind is read before any is
    /// read twice; drawn, some are left unread.
    #[test]
    fn dealing_reads_every_wording_before_repeating() {
        static SET: [(&str, Kind, &str); 8] = [
            ("Comedy", D, "one"), ("Comedy", D, "two"), ("Comedy", D, "three"), ("Comedy", D, "four"),
            ("Comedy", I, "five"), ("Comedy", I, "six"), ("Comedy", I, "seven"), ("Comedy", I, "eight"),
        ];
        let kept: Vec<_> = SET.iter().collect();
        let q = Query { kind: "genre", text: "a comedy please".into(), wording: 0, phrase: "a comedy", genres: vec!["Comedy".into()], years: None, reference: None };
        let plain = Query { phrase: "", text: "anything".into(), ..q.clone() };
        let queries: Vec<(usize, Query)> = (0..24).map(|i| (i, if i % 6 == 5 { plain.clone() } else { q.clone() })).collect();
        let dealt = reworded(&queries, &kept, 7, Design::Dealt { level: 0.95 });
        // The requests asking no genre are unchanged; the rest keep their tail.
        assert!(dealt.iter().filter(|r| r.0 % 6 == 5).all(|r| r.1.text == "anything"));
        assert!(dealt.iter().filter(|r| r.0 % 6 != 5).all(|r| r.1.text.ends_with(" please") && SET.iter().any(|w| w.2 == r.1.phrase)));
        for kind in [D, I] {
            let read: Vec<&str> = dealt.iter().filter(|r| !r.1.phrase.is_empty() && r.1.wording == if kind == D { 0 } else { 2 }).map(|r| r.1.phrase).collect();
            let first: Vec<&str> = read.iter().take(4).copied().collect();
            let mut distinct = first.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), first.len().min(4), "{kind:?}: {read:?}");
        }
        // Drawn with replacement, 20 requests over 8 wordings leave some read twice before others.
        let drawn = reworded(&queries, &kept, 7, Design::Drawn);
        assert!(drawn.iter().filter(|r| r.0 % 6 != 5).all(|r| SET.iter().any(|w| w.2 == r.1.phrase)));
    }

    /// The rule drops what training or an earlier evaluation saw, and keeps
    /// enough of each kind for every genre.
    #[test]
    fn blind_wordings_are_held_out() {
        assert_eq!(BLIND_GENRE_WORDINGS.len(), 180);
        // "a comedy" is a templated wording; "zombies" a Horror training word.
        assert!(dropped_because("Comedy", D, "a comedy", &[]).is_some());
        assert!(dropped_because("Horror", I, "something with zombies", &[]).is_some_and(|w| w.contains("zombies")));
        assert!(dropped_because("Comedy", D, "some comedies", &[]).is_none());
        // A word another genre's training wordings use is not the genre's cue.
        assert!(dropped_because("Crime", I, "something about bootleggers and racketeers", &[]).is_none());
        assert!(dropped_because("Comedy", D, "some comedies", BLIND_GENRE_WORDINGS).is_some_and(|w| w.contains("earlier")));
        let kept = held_out(BLIND_GENRE_WORDINGS, &[]);
        let sixth = held_out(BLIND_GENRE_WORDINGS_6, BLIND_GENRE_WORDINGS);
        assert_eq!(BLIND_GENRE_WORDINGS_6.len(), 180);
        // The seventh: none repeats an earlier set's wording or an example phrase.
        let earlier = before_set(7);
        let seventh = held_out(BLIND_GENRE_WORDINGS_7, &earlier);
        assert_eq!(BLIND_GENRE_WORDINGS_7.len(), 216);
        assert_eq!((seventh.iter().filter(|w| w.1 == D).count(), seventh.iter().filter(|w| w.1 == I).count()), (33, 74));
        let norm = |t: &str| words(t).join(" ");
        assert!(seventh.iter().all(|w| earlier.iter().all(|e| norm(e.2) != norm(w.2))));
        // The eighth (unread until its pre-registered run): likewise after the seventh.
        let before = before_set(8);
        assert_eq!(BLIND_GENRE_WORDINGS_8.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_8, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The ninth (unread until its pre-registered run): likewise after the eighth.
        let before = before_set(9);
        assert_eq!(BLIND_GENRE_WORDINGS_9.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_9, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_set(10);
        assert_eq!(BLIND_GENRE_WORDINGS_10.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_10, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_set(11);
        assert_eq!(BLIND_GENRE_WORDINGS_11.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_11, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The twelfth: three writers' 864, no two the same once normalised.
        let before = before_set(12);
        assert_eq!(BLIND_GENRE_WORDINGS_12.len(), 864);
        let mut n12: Vec<String> = BLIND_GENRE_WORDINGS_12.iter().map(|w| norm(w.2)).collect();
        n12.sort_unstable();
        n12.dedup();
        assert_eq!(n12.len(), 864);
        assert!(held_out(BLIND_GENRE_WORDINGS_12, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The thirteenth: three writers' 864 less 11 repeated within the set.
        let before = before_set(13);
        assert_eq!(BLIND_GENRE_WORDINGS_13.len(), 853);
        let mut n13: Vec<String> = BLIND_GENRE_WORDINGS_13.iter().map(|w| norm(w.2)).collect();
        n13.sort_unstable();
        n13.dedup();
        assert_eq!(n13.len(), 853);
        assert!(held_out(BLIND_GENRE_WORDINGS_13, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The fourteenth: three writers' 864, none repeated within the set.
        let before = before_set(14);
        assert_eq!(BLIND_GENRE_WORDINGS_14.len(), 864);
        let mut n14: Vec<String> = BLIND_GENRE_WORDINGS_14.iter().map(|w| norm(w.2)).collect();
        n14.sort_unstable();
        n14.dedup();
        assert_eq!(n14.len(), 864);
        assert!(held_out(BLIND_GENRE_WORDINGS_14, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The fifteenth: three writers' 864 less 3 repeated within the set; it repeats no earlier set.
        let before = before_set(15);
        assert!(before.len() > before_set(14).len() + 800);
        assert_eq!(BLIND_GENRE_WORDINGS_15.len(), 861);
        let mut n15: Vec<String> = BLIND_GENRE_WORDINGS_15.iter().map(|w| norm(w.2)).collect();
        n15.sort_unstable();
        n15.dedup();
        assert_eq!(n15.len(), 861);
        assert!(held_out(BLIND_GENRE_WORDINGS_15, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The sixteenth: three writers' 864 less 2 repeated within the set; the fifteenth is among what it must not repeat.
        let before = before_set(16);
        assert!(before.len() > before_set(15).len() + 800);
        assert_eq!(BLIND_GENRE_WORDINGS_16.len(), 862);
        let mut n16: Vec<String> = BLIND_GENRE_WORDINGS_16.iter().map(|w| norm(w.2)).collect();
        n16.sort_unstable();
        n16.dedup();
        assert_eq!(n16.len(), 862);
        assert!(held_out(BLIND_GENRE_WORDINGS_16, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        for (genre, _) in GENRE_WORDS {
            assert!(kept.iter().any(|w| w.0 == *genre && w.1 == D) && kept.iter().any(|w| w.0 == *genre && w.1 == I), "{genre}");
            assert!(sixth.iter().any(|w| w.0 == *genre), "{genre}");
            assert!(seventh.iter().any(|w| w.0 == *genre), "{genre}");
        }
        for w in kept.iter().chain(&sixth).chain(&seventh).filter(|w| w.1 == I) {
            let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == w.0).flat_map(|t| t.1.iter().flat_map(|x| words(x))).collect();
            assert!(words(w.2).iter().filter(|x| !is_stop(x)).all(|x| !trained.contains(x)), "{w:?}");
        }
    }
}
