import type { Localized } from './types';

/** Section 一 of the source: what each stage means. Keyed by the stage code. */
export const STAGE_TEXTS: Record<string, Localized> = {
  potential: {
    zh: '项目的前期培养阶段。在该阶段，客户尚未产生任何实际的需求。销售人员需要通过自己的关键行为，让潜在的关键人对销售人员和公司产生好感和信任，以便在客户产生需求时，成为客户的首选供应商。',
    en: "The early, relationship-building stage of a project. The customer has no actual need yet. Through their own key actions, the sales rep wins the goodwill and trust of the people likely to matter, so that when a need arises we are the customer's first-choice supplier.",
  },
  intention: {
    zh: '客户开始产生需求的阶段。通过前期的需求引导或关键事件，让销售成为可能的阶段。在该阶段，销售人员需要协助客户建立清晰的需求，加强与关键人的亲近度和信任度关系，进一步推动项目的进展。',
    en: 'The stage in which the customer starts to have a need: earlier need-shaping, or a key event, makes a sale possible. The sales rep helps the customer define the need clearly, strengthens closeness and trust with the key people, and moves the project forward.',
  },
  solution: {
    zh: '客户的方案已经确定，开始选择供应商。客户会选择整体价值最高、对自己职业价值贡献最大的供应商。销售人员通过对客户的影响，让客户认可我方方案是对客户需求的最佳匹配，从而让客户主动在招标方式上屏蔽竞争对手。',
    en: "The customer's solution has been decided and supplier selection begins. The customer chooses the supplier offering the best overall value and the greatest contribution to their own careers. By influencing the customer, the sales rep gets them to accept our solution as the best match for their needs, so that the customer itself shapes the tender to shut out competitors.",
  },
  negotiation: {
    zh: '最后的成交阶段，客户最终确定一家供应商。销售人员需要与售前人员充分配合，在该阶段让我方的评分达到最高，成为客户的最佳选择。',
    en: "The final, closing stage: the customer settles on one supplier. The sales rep works closely with the presales team so that we score highest and become the customer's best choice.",
  },
};

/** Personality types (keyed by code): the traits from the source, and how to work with that type ([decision] in forms.md §0). */
export const PERSONALITY_TEXTS: Record<string, { traits: Localized; approach: Localized }> = {
  tiger: {
    traits: {
      zh: '野心勃勃；自信极强；喜欢指挥别人；有急迫感；守时，重承诺；给人压力；意志坚强；不容易被别人影响；天生的领导者',
      en: 'Ambitious; highly self-confident; likes to direct others; has a sense of urgency; punctual and keeps promises; puts pressure on people; strong-willed; not easily swayed by others; a born leader',
    },
    approach: {
      zh: '沟通要简洁、守时，先讲结果，再谈细节。对他做出的承诺必须兑现。多给他可选的方案，让他自己做决定。',
      en: 'Be brief and punctual; lead with the result, then the details. Keep every promise you make to them. Offer options and let them make the call.',
    },
  },
  peacock: {
    traits: {
      zh: '喜欢新事物；喜欢表现；善于影响别人；同时也容易被新事物影响；喜欢有趣的事物；外向；情绪化、任性；喜形于色、悲露于外；喜欢夸大需求；特别容易误导销售人员；容易透露竞争对手的信息；也容易把我方信息透露给竞争对手；做事速度快，受不了别人的缓慢；容易在细节上出错',
      en: "Loves new things; likes to show off; good at influencing others; but also easily swayed by new things; likes things that are fun; outgoing; emotional and wilful; wears joy and sorrow openly; tends to exaggerate needs; especially likely to mislead sales reps; readily leaks competitors' information; just as readily leaks our information to competitors; works fast and cannot stand others' slowness; prone to mistakes in the details",
    },
    approach: {
      zh: '用新产品、新思路引起他的兴趣，交流可以生动一些。他提出的需求容易夸大，要向其他人核实。注意保护我方信息，报价、方案等敏感内容不要轻易透露给他。',
      en: 'Engage them with new ideas and new products, and keep it lively. They tend to overstate needs, so verify what they ask for with others. Guard our own information: do not share prices, proposals or other sensitive details lightly.',
    },
  },
  owl: {
    traits: {
      zh: '喜欢思考；周密细致；表现稳定；拘谨踌躇；追求完美；行动力差；感情不太外露；不容易判断其情绪与思维；不容易判断其立场与倾向；不善于与人打交道；与其打交道感觉困难；同时竞争对手也不易与其建立联系；一旦建立关系，忠诚度很高',
      en: 'Thoughtful; thorough and meticulous; steady; reserved and hesitant; a perfectionist; slow to act; does not show feelings much; hard to read emotionally or in their thinking; hard to read in stance and leanings; not good with people; hard to deal with; but competitors also find it hard to build a connection; once a relationship is built, very loyal',
    },
    approach: {
      zh: '准备详尽的资料和数据，论证要严谨、回答要准确。要有耐心，给他足够的时间思考，不要催促。信任要慢慢赢得，但一旦建立，忠诚度很高。',
      en: 'Bring detailed material and data; argue rigorously and answer precisely. Be patient and give them time to think; do not rush them. Their trust is earned slowly, but once won, their loyalty is high.',
    },
  },
  koala: {
    traits: {
      zh: '对人敏感；富有同情心；有耐心；注重别人的感受；性格温和顺从；关系运作高手；一般不喜欢自己做事，喜欢运用关系让别人为自己做事；不守时，办事拖沓；容易承诺；容易接触',
      en: "Sensitive to people; sympathetic; patient; mindful of others' feelings; gentle and compliant; a master of working relationships; usually prefers to have others do things for them through connections rather than do it themselves; unpunctual and slow to get things done; promises easily; easy to approach",
    },
    approach: {
      zh: '多花时间经营关系，关注他的感受。他容易承诺，但办事拖沓：每一项承诺都要书面确认，并紧盯期限、及时跟进。',
      en: 'Invest time in the relationship and pay attention to their feelings. They promise easily but deliver slowly: confirm every commitment in writing, and chase the deadlines.',
    },
  },
};

/** Buying / role-map roles. Keyed by the role code (role-map and buying roles share codes). */
export const ROLE_TEXTS: Record<string, Localized> = {
  projectLead: {
    zh: '客户方日常推动项目的人，负责协调各相关部门，通常是信息中心主任或项目主管处（科）室的负责人。（本说明为产品补充）',
    en: 'The person on the customer side who drives the project day to day and coordinates the departments involved; often the head of the information centre or the chief of the responsible section. (added by the product)',
  },
  decisionMaker: {
    zh: '项目最终的批准者。当别人说“Yes”而他说“No”，这个项目就会停止；当别人说“No”而他说“Yes”，这个项目就可以成功。他的成功标准是产品能为他带来利益，或者对他个人的政绩有很大的提升。关键决策者一般是局里的主管副局长或局长，他们不太容易成为我们的教练。最佳方法是让我方高层领导加强与对方关键决策者的联系，争取建立良好的私人关系，使其在决策时对我方有所倾向。',
    en: 'The final approver of the project. If others say "Yes" but they say "No", the project stops; if others say "No" but they say "Yes", the project can succeed. Their measure of success is that the product brings them benefit or markedly improves their personal track record. The key decision maker is usually the deputy director in charge or the director of the bureau, and rarely becomes our coach. The best approach is for our senior leaders to strengthen their contact with the key decision maker and build a good personal relationship, so that the decision leans our way.',
  },
  technicalGatekeeper: {
    zh: '一般是信息中心主任。他可以把他认为不合格的供应商淘汰出局。他关注产品的技术和服务本身。他们有推荐权，但没有决策权：他们不能说“Yes”，但可以说“No”。他的成功标志是通过这个项目学到很多他关心的技术知识，获得实际的权力或实际的利益；他们期望通过项目提高自己的地位。获得他的支持，对推动项目有至关重要的影响。',
    en: 'Usually the head of the information centre. They can knock out any supplier they consider unqualified, and they focus on the technology and the service themselves. They can recommend but not decide: they cannot say "Yes", but they can say "No". Their measure of success is learning much of the technology they care about through the project and gaining real power or real benefit; they hope the project will raise their standing. Winning their support is vital to moving the project forward.',
  },
  businessGatekeeper: {
    zh: '直接使用产品的人，一般是业务处室。我方的产品或服务会对他的工作绩效产生关键影响，他们将使用我方的产品或指导产品的使用。成功标志是我方的解决方案能直接解决他们工作上的问题。用户最容易成为我方的内线：科员级别的人影响力不大，但最容易告知我方关键信息、透露决策者的倾向；科长和处长级别的人不仅可以告知信息，而且对整个项目的影响力非同寻常。',
    en: "The people who use the product directly, usually the business divisions. Our product or service has a key effect on their job performance: they will use it, or direct its use. Success for them is that our solution directly solves the problems in their work. Users are the most likely to become our insiders: staff-level users have little influence but most readily pass us key information and reveal the decision maker's leanings; section and division chiefs not only pass on information but also carry exceptional weight across the whole project.",
  },
  coach: {
    zh: '我方的内线，协助我方获取信息、联系和确认其他销售影响者，时刻指引我方的销售定位；是帮助我方获取主要决策者的关键信息和竞争对手关键信息的人。我方的成功就是教练的成功。',
    en: "Our insider on the customer side: helps us gather information, reach and identify the other people who influence the sale, and keeps guiding our sales positioning; the person who gets us key information on the main decision makers and on competitors. Our success is the coach's success.",
  },
};
